package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

/** Body Part Examined in plain words per language, with the raw value capitalised when it is not a known term. */
class BodyPartsTest {

    private final BodyParts bodyParts = new BodyParts(portalMessages());

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void labelWhenCommonXrayTermThenPlainWordsInThePagesLanguage() {
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(bodyParts.label("KNEE")).isEqualTo("Knee");
        assertThat(bodyParts.label("CHEST")).isEqualTo("Chest");
        assertThat(bodyParts.label("HAND")).isEqualTo("Hand");
        assertThat(bodyParts.label("LSPINE")).isEqualTo("Lower back (lumbar spine)");
        assertThat(bodyParts.label("PATELLA")).isEqualTo("Kneecap");

        LocaleContextHolder.setLocale(Locale.forLanguageTag("es"));
        assertThat(bodyParts.label("KNEE")).isEqualTo("Rodilla");
        assertThat(bodyParts.label("CHEST")).isEqualTo("Tórax");
        assertThat(bodyParts.label("HAND")).isEqualTo("Mano");
        assertThat(bodyParts.label("LSPINE")).isEqualTo("Zona lumbar (columna lumbar)");
    }

    @Test
    void labelWhenTermWrittenInLowerCaseOrWithSpacesThenStillKnown() {
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(bodyParts.label(" knee ")).isEqualTo("Knee");
        assertThat(bodyParts.label("Chest")).isEqualTo("Chest");
    }

    @Test
    void labelWhenUnknownValueThenTheValueCapitalised() {
        LocaleContextHolder.setLocale(Locale.forLanguageTag("es"));
        assertThat(bodyParts.label("LEFT_FOOT")).isEqualTo("Left foot");
        assertThat(bodyParts.label("PIE  IZQUIERDO")).isEqualTo("Pie izquierdo");
        assertThat(bodyParts.label("bodyPart.KNEE")).isEqualTo("Bodypart.knee");
        assertThat(bodyParts.label("X")).isEqualTo("X");
    }

    @Test
    void labelWhenNoValueThenNullSoTheTemplateSaysNotRecorded() {
        assertThat(bodyParts.label(null)).isNull();
        assertThat(bodyParts.label("  ")).isNull();
    }

    @Test
    void labelsWhenSeveralSeriesThenEachLabelOnceInOrderAndNullWhenNoneHasOne() {
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(bodyParts.labels(List.of("KNEE", "knee", "HAND", "  "))).isEqualTo("Knee, Hand");
        assertThat(bodyParts.labels(List.of())).isNull();
        assertThat(bodyParts.labels(java.util.Arrays.asList(null, " "))).isNull();
    }

    /** Set up as the portal's ({@code spring.messages}): basename messages, UTF-8, no fallback to the server's locale. */
    private static ResourceBundleMessageSource portalMessages() {
        var source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }
}
