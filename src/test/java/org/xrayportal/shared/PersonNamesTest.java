package org.xrayportal.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersonNamesTest {

    @ParameterizedTest(name = "[{0}] vs [{1}] -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Jürgen Müller|Müller^Jürgen|true",
                "MULLER jurgen|Müller^Jürgen|true",
                "Åse Ødegård|Ødegård^Åse|true",
                "ase odegard|Ødegård^Åse|true",
                "Seán O'Brien|O'Brien^Seán|true",
                "Lucía García|O'Brien^Seán|false",
                "Jürgen|Müller^Jürgen|false",
                "Anna Weber|Weber^Anna^^Dr.|true",
                "Yuki Nakamura|Nakamura^Yuki=中村^由紀|true",
                "Hans Müller|Müller^Jürgen|false",
            })
    void sameNameIsCaseAccentAndOrderInsensitive(String typed, String pn, boolean same) {
        assertThat(PersonNames.sameName(typed, pn)).isEqualTo(same);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Müller^Jürgen|Jürgen Müller",
                "Weber^Anna^^Dr.|Dr. Anna Weber",
                "Nakamura^Yuki=中村^由紀|Yuki Nakamura"
            })
    void readableNameFollowsPnComponents(String pn, String readable) {
        assertThat(PersonNames.readable(pn)).isEqualTo(readable);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "Müller^Jürgen|Jürgen Müller",
                "Müller^Anna^Maria^Dr^PhD|Dr Anna Maria Müller PhD",
                "O'Brien^Seán|Seán O'Brien",
                "山田^太郎=やまだ^たろう|太郎 山田",
                "Øde gård ^ Kari |Kari Øde gård",
                "Single|Single",
                "^^^|^^^",
                "NULL|''",
                "'   '|''"
            })
    void displayWhenDicomPersonNameThenGivenNamesFirstAndOnlyTheAlphabeticGroup(String dicom, String expected) {
        assertThat(PersonNames.display(dicom)).isEqualTo(expected);
    }
}
