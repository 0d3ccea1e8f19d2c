package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersonNamesTest {

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
