package org.xrayportal.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;
import static org.xrayportal.viewer.ViewerFixtures.PASSWORD;
import static org.xrayportal.viewer.ViewerFixtures.study;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.OutputType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Import;
import org.xrayportal.access.AccessScope;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.support.Browser;
import org.xrayportal.support.BrowserExtension;
import org.xrayportal.support.PortalWithPacsTest;
import org.xrayportal.viewer.ViewerFixtures;

/**
 * The SMART Health Link as the patient sees it, in a real Chromium: from the share's confirmation page "Also show as a
 * SMART Health Link" opens a new tab (the passcode stays on the first), whose QR code, read back from the screen,
 * holds exactly the link shown beside it; from the list of shares the same for a live share; a browser that opens
 * the link lands on the portal's viewer page. Each page passes axe-core at phone and desktop size.
 */
@PortalWithPacsTest(webEnvironment = RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
@Import(ViewerFixtures.class)
class SmartHealthLinkPageIT {

    private static final String KNEE = study("mueller-knee-2024");

    @Autowired
    ViewerFixtures fixtures;

    @Value("${local.server.port}")
    int port;

    @Test
    void confirmationPageWhenAskedForASmartHealthLinkThenANewTabWithItsQrCodeAndCopyButton(Browser browser)
            throws Exception {
        PortalUser patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        fixtures.grant(patient, AccessScope.allStudies(), null);
        browser.open("/login").signIn(patient.email(), PASSWORD).waitForPath("/patient");
        browser.open("/patient/studies/" + KNEE + "/share");
        browser.find("#recipient").sendKeys("Dr Lee, orthopaedics");
        browser.find("main form button[type=submit]").click();
        browser.wait(d -> !browser.findAll("#share-link").isEmpty());
        String passcode = browser.text("#share-passcode");
        String first = browser.driver().getWindowHandle();
        assertThat(browser.find(".shl-issue button").getText())
                .isEqualTo("Also show as a SMART Health Link (opens in a new tab)");
        browser.desktop().assertAccessible();

        browser.find(".shl-issue button").click();
        browser.wait(d -> d.getWindowHandles().size() == 2);
        String second = browser.driver().getWindowHandles().stream()
                .filter(h -> !h.equals(first))
                .findFirst()
                .orElseThrow();
        browser.driver().switchTo().window(second);
        browser.wait(d -> !browser.findAll("#shl-link").isEmpty());
        String link = browser.find("#shl-link").getAttribute("value");
        assertThat(link).matches("http://localhost:" + port + "/shl#shlink:/[A-Za-z0-9_-]+");
        String payload = new String(
                Base64.getUrlDecoder().decode(link.substring(link.indexOf("shlink:/") + "shlink:/".length())),
                StandardCharsets.UTF_8);
        assertThat(payload)
                .contains("\"url\":\"http://localhost:" + port + "/shl/m/")
                .contains("\"flag\":\"P\"")
                .contains("\"label\":\"X-ray images shared with Dr Lee, orthopaedics\"");
        assertThat(browser.text("h1")).isEqualTo("Your SMART Health Link");
        assertThat(browser.find("[data-action=copy-shl]").getText()).isEqualTo("Copy the link");
        assertThat(decodeQr(browser)).isEqualTo(link);
        browser.desktop().assertAccessible().screenshot("share-health-link");
        browser.phone().assertAccessible().screenshot("share-health-link");
        assertThat(browser.viewportWidth()).isEqualTo(Browser.PHONE.width);
        browser.desktop();

        // The confirmation with its passcode is still there in the first tab.
        browser.driver().switchTo().window(first);
        assertThat(browser.text("#share-passcode")).isEqualTo(passcode);

        // From the list of shares: a new link for the live share, in the same tab.
        browser.open("/patient/shares");
        browser.checkBothSizes("share-list-health-link");
        browser.find(".share-item .shl-issue button").click();
        browser.wait(d -> !browser.findAll("#shl-link").isEmpty());
        String another = browser.find("#shl-link").getAttribute("value");
        assertThat(another)
                .startsWith("http://localhost:" + port + "/shl#shlink:/")
                .isNotEqualTo(link);
        assertThat(decodeQr(browser)).isEqualTo(another);

        // A browser that opens the link lands on the viewer page; the payload stays in the fragment.
        try (Browser recipient = Browser.start("http://localhost:" + port)) {
            recipient.driver().get(link);
            recipient.wait(d -> !recipient.findAll("h1").isEmpty());
            assertThat(recipient.text("h1")).isEqualTo("X-ray images shared through a SMART Health Link");
            assertThat(recipient.path()).startsWith("/shl#shlink:/");
            recipient.checkBothSizes("share-health-link-viewer");
        }
    }

    /** The text of the SMART Health Link's QR code as the screen shows it. */
    private static String decodeQr(Browser browser) throws Exception {
        // Only once the image is decoded and drawn: a screenshot taken before showed part of a code (a CI rehearsal
        // failed here with zxing's FormatException).
        browser.wait(d -> (Boolean) browser.driver()
                .executeScript(
                        "var q = document.querySelector('.shl-qr');" + " return q.complete && q.naturalWidth > 0;"));
        browser.driver()
                .executeAsyncScript("var done = arguments[arguments.length - 1];"
                        + " requestAnimationFrame(function () { requestAnimationFrame(done); });");
        byte[] png = browser.find(".shl-qr").getScreenshotAs(OutputType.BYTES);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var bitmap = new BinaryBitmap(
                new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new QRCodeReader()
                .decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))
                .getText();
    }
}
