package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.xrayportal.consent.ClinicText;
import org.xrayportal.imaging.ImageFormat;
import org.xrayportal.imaging.PacsException;

class CaptionedPictureTest {

    @Test
    void captionWhenEnglishOrSpanishThenTheNoticeSaysNotADiagnosisOnceThenWhereToAskAndThePatientLine() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        // The notices as V66 seeds them (the clinic may edit them; the caption adds no second "not a diagnosis").
        ClinicText english = notice(
                "en",
                "This is not a diagnosis",
                "Only a clinician who knows your history can interpret these images. Please discuss them with your"
                        + " clinician.");
        ClinicText spanish = notice(
                "es",
                "Esto no es un diagnóstico",
                "Solo un profesional sanitario que conozca su historia puede interpretar estas imágenes. Hable de ellas"
                        + " con su médico.");

        List<String> inEnglish =
                CaptionedPicture.caption(english, "Jürgen Müller", "5 Nov 2024", messages, Locale.ENGLISH);
        assertThat(inEnglish)
                .containsExactly(
                        "This is not a diagnosis. Only a clinician who knows your history can interpret these images."
                                + " Please discuss them with your clinician.",
                        "In the X-ray patient portal you can also ask the clinic about this study.",
                        "Patient: Jürgen Müller · Study date: 5 Nov 2024",
                        "Saved from the X-ray patient portal. Downloads are logged; please keep this picture private.");
        assertThat(String.join(" ", inEnglish))
                .containsOnlyOnce("not a diagnosis")
                .containsOnlyOnce("discuss");
        List<String> inSpanish =
                CaptionedPicture.caption(spanish, "Jürgen Müller", "5 nov 2024", messages, Locale.forLanguageTag("es"));
        assertThat(inSpanish)
                .containsExactly(
                        "Esto no es un diagnóstico. Solo un profesional sanitario que conozca su historia puede"
                                + " interpretar estas imágenes. Hable de ellas con su médico.",
                        "En el portal de pacientes de radiografías también puede preguntar a la clínica sobre este"
                                + " estudio.",
                        "Paciente: Jürgen Müller · Fecha del estudio: 5 nov 2024",
                        "Guardada desde el portal de pacientes de radiografías. Las descargas quedan registradas;"
                                + " mantenga esta imagen en privado.");
        assertThat(String.join(" ", inSpanish))
                .containsOnlyOnce("no es un diagnóstico")
                .containsOnlyOnce("médico");
    }

    private static ClinicText notice(String language, String title, String summary) {
        return new ClinicText(
                ClinicText.Kind.NOTICE, language, 1, title, summary, "Body.", Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void composeWhenJpegWithLongAndNonAsciiCaptionThenSameWidthAndAStripBelow() throws Exception {
        byte[] source = png(300, 200, 0x40);
        String longWord = "x".repeat(400);
        byte[] out = CaptionedPicture.compose(
                source,
                ImageFormat.JPEG,
                false,
                List.of(
                        "Dies ist keine Diagnose — 山田 太郎",
                        longWord,
                        "Patient: Jürgen Müller · Study date: 5 Nov 2024"));

        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(out));
        assertThat(out).startsWith(0xFF, 0xD8);
        assertThat(picture.getWidth()).isEqualTo(300);
        assertThat(picture.getHeight()).isGreaterThan(200 + 5 * 14);
        assertThat(picture.getRGB(150, 100) & 0xFF).isBetween(0x38, 0x48);
        assertThat(picture.getRGB(2, picture.getHeight() - 2) & 0xFF).isGreaterThan(0xF0);
    }

    @Test
    void composeWhenInvertedWithoutCaptionThenOnlyInvertedAndSameSize() throws Exception {
        byte[] out = CaptionedPicture.compose(png(64, 32, 0x30), ImageFormat.PNG, true, List.of());

        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(out));
        assertThat(picture.getWidth()).isEqualTo(64);
        assertThat(picture.getHeight()).isEqualTo(32);
        assertThat(picture.getRGB(10, 10) & 0xFFFFFF).isEqualTo(0xCFCFCF);
    }

    @Test
    void composeWhenBytesAreNotAPictureThenPacsBadResponse() {
        assertThatThrownBy(() -> CaptionedPicture.compose(new byte[] {1, 2, 3}, ImageFormat.PNG, false, List.of()))
                .isInstanceOf(PacsException.class);
    }

    private static byte[] png(int width, int height, int grey) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, grey * 0x010101);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }
}
