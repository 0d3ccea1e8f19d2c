package org.xrayportal.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 11, items 3 and 7: study dates as archives hold them, and person names in any of their three groups. */
class DicomJsonDatesAndNamesTest {

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                "20240105, 2024-01-05, DAY",
                "1997.04.24, 1997-04-24, DAY",
                "201903, 2019-03-01, MONTH",
                "2019, 2019-01-01, YEAR",
                "20241305, null, null",
                "2024-01-05, null, null",
                "19970424120000, null, null",
                "abcd, null, null",
                "'', null, null"
            })
    void studyDateWhenFullPartialOldFormOrMalformedThenDateAndPrecision(
            String value, LocalDate expected, DatePrecision precision) {
        Study study = study("\"00080020\": {\"vr\": \"DA\", \"Value\": [\"" + value + "\"]}");

        assertThat(study.studyDate()).isEqualTo(expected);
        assertThat(study.studyDatePrecision()).isEqualTo(precision);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"Alphabetic\": \"Yamada^Tarou\", \"Ideographic\": \"山田^太郎\"}|Yamada^Tarou",
                "{\"Ideographic\": \"山田^太郎\", \"Phonetic\": \"やまだ^たろう\"}|山田^太郎",
                "{\"Alphabetic\": \"\", \"Ideographic\": \"王^小明\"}|王^小明",
                "{\"Phonetic\": \"やまだ^たろう\"}|やまだ^たろう",
                "{\"Alphabetic\": \"Żółć^Łukasz\"}|Żółć^Łukasz"
            })
    void personNameWhenOnlySomeGroupsRecordedThenTheFirstPresentOne(String value, String expected) {
        Study study = study("\"00100010\": {\"vr\": \"PN\", \"Value\": [" + value + "]}");

        assertThat(study.patientName()).isEqualTo(expected);
    }

    private static Study study(String attribute) {
        String json = "[{\"0020000D\": {\"vr\": \"UI\", \"Value\": [\"1.2.3\"]}, " + attribute + "}]";
        return DicomJson.study(
                DicomJson.parse(json.getBytes(StandardCharsets.UTF_8)).getFirst());
    }
}
