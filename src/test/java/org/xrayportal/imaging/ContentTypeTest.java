package org.xrayportal.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentTypeTest {

    @Test
    void parseWhenQuotedValueHasSeparatorsAndEscapesThenValueAsSent() {
        ContentType type = ContentType.parse("multipart/related; boundary=\"a;b=\\\"c\\\"\"; type=application/dicom");
        assertThat(type.is("multipart", "related")).isTrue();
        assertThat(type.parameter("BOUNDARY")).isEqualTo("a;b=\"c\"");
        assertThat(type.parameter("type")).isEqualTo("application/dicom");
    }

    @Test
    void parseWhenUnquotedValueHoldsColonsAndEqualsThenKeptWhole() {
        ContentType type = ContentType.parse("multipart/related;boundary=urn:uuid:1=2==;type=application/dicom");
        assertThat(type.parameter("boundary")).isEqualTo("urn:uuid:1=2==");
    }

    @Test
    void parseWhenNoSubtypeThenNull() {
        assertThat(ContentType.parse("multipart")).isNull();
        assertThat(ContentType.parse("/related")).isNull();
        assertThat(ContentType.parse("")).isNull();
        assertThat(ContentType.parse(null)).isNull();
    }

    @Test
    void parseWhenParameterRepeatedThenFirstWins() {
        assertThat(ContentType.parse("a/b; boundary=x; Boundary=y").parameter("boundary"))
                .isEqualTo("x");
    }
}
