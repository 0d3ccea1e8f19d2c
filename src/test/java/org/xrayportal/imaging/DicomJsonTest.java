package org.xrayportal.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class DicomJsonTest {

    @Test
    void decodesStudyAttributesIncludingPersonNamesAndNumbersAsStrings() {
        String json = """
                [{
                  "0020000D": {"vr": "UI", "Value": ["1.2.3"]},
                  "00100020": {"vr": "LO", "Value": ["1001"]},
                  "00100010": {"vr": "PN", "Value": [{"Alphabetic": "Ødegård^Åse"}]},
                  "00080020": {"vr": "DA", "Value": ["20240122"]},
                  "00080030": {"vr": "TM", "Value": ["160000.000000"]},
                  "00080061": {"vr": "CS", "Value": ["CR", "DX"]},
                  "00080090": {"vr": "PN"},
                  "00201206": {"vr": "IS", "Value": ["2"]},
                  "00201208": {"vr": "IS", "Value": [3]}
                }]
                """;
        Study study = DicomJson.study(
                DicomJson.parse(json.getBytes(StandardCharsets.UTF_8)).getFirst());
        assertThat(study.studyInstanceUid()).isEqualTo("1.2.3");
        assertThat(study.patientName()).isEqualTo("Ødegård^Åse");
        assertThat(study.studyDate()).isEqualTo(LocalDate.of(2024, 1, 22));
        assertThat(study.studyTime()).isEqualTo(LocalTime.of(16, 0));
        assertThat(study.modalities()).containsExactly("CR", "DX");
        assertThat(study.referringPhysicianName()).isNull();
        assertThat(study.numberOfSeries()).isEqualTo(2);
        assertThat(study.numberOfInstances()).isEqualTo(3);
    }

    @Test
    void emptyBodyIsNoResults() {
        assertThat(DicomJson.parse(new byte[0])).isEmpty();
    }

    @Test
    void wrongShapesAreBadResponses() {
        for (String json : new String[] {"{}", "[1]", "[{\"00100020\": \"1001\"}]", "not json"}) {
            assertThatThrownBy(() -> DicomJson.parse(json.getBytes(StandardCharsets.UTF_8))
                            .forEach(d -> d.string(DicomJson.PATIENT_ID)))
                    .as(json)
                    .isInstanceOfSatisfying(
                            PacsException.class, e -> assertThat(e.kind()).isEqualTo(PacsException.Kind.BAD_RESPONSE));
        }
    }
}
