package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.imaging.demo.DicomWriter;
import org.xrayportal.support.Browser;
import org.xrayportal.support.BrowserExtension;
import org.xrayportal.support.OrthancSupport;
import org.xrayportal.support.PortalWithPacsTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Brightness and contrast on the full bit depth, in a real Chromium (issue 15, docs/decisions/0010): the JPEG shows
 * first, the frame's modality values load behind it, and a drag re-maps them on a canvas. Two 16-bit images (MONOCHROME2
 * and MONOCHROME1) carry stripes above their own window, which the JPEG clips to one flat white (or black): after a
 * drag that brings them into the window they are distinct on the canvas, the picture moved the right way, and no
 * rendered frame was asked for. The reference corpus of the display pipeline, read back from the canvas at the image's
 * own VOI, is within the pipeline's tolerance of the independent reference.
 */
@PortalWithPacsTest(webEnvironment = RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
@Import(DownloadFixtures.class)
class FullDepthViewerIT {

    static final DemoStudies.Patient IDENTITY =
            new DemoStudies.Patient("FULL-DEPTH-1", "PORTAL-TEST", "Depth^Dora", LocalDate.of(1975, 5, 5), "F");
    static final String ROOT = "1.2.826.0.1.3680043.8.498.4713";
    static final int COLUMNS = 256;
    static final int ROWS = 320;
    private static final Dimension LAPTOP = new Dimension(1366, 900);

    @Autowired
    DownloadFixtures fixtures;

    @Test
    void dragWhenMonochrome2ThenDarkerAndClippedStripesAppearWithoutARenderedFrame(Browser browser) throws Exception {
        String study = stripes().get(0);
        signIn(browser);
        Result result = dragOnCanvas(browser, study, 180);
        assertThat(result.after).as("dragging down darkens a MONOCHROME2 image").isLessThan(result.before - 20);
    }

    @Test
    void dragWhenMonochrome1ThenBrighterAndClippedStripesAppearWithoutARenderedFrame(Browser browser) throws Exception {
        String study = stripes().get(1);
        signIn(browser);
        Result result = dragOnCanvas(browser, study, -180);
        assertThat(result.after).as("dragging up brightens a MONOCHROME1 image").isGreaterThan(result.before + 20);
    }

    @Test
    void touchWhenOneFingerInContrastModeThenDarkerAndTwoFingersStillZoom(Browser browser) throws Exception {
        String study = stripes().get(0);
        signIn(browser);
        browser.phone();
        browser.open("/patient/studies/" + study);
        waitForFullDepth(browser);
        double before = mean(browser, "viewer-image");
        long renderedBefore = renderedFrameRequests(browser);
        browser.find("[data-action='contrast-mode']").click();
        @SuppressWarnings("unchecked")
        Map<String, Number> centre = (Map<String, Number>) browser.driver()
                .executeScript("const r = document.getElementById('viewer-stage').getBoundingClientRect();"
                        + " return {x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 3)};");
        int x = centre.get("x").intValue();
        int y = centre.get("y").intValue();

        // One finger down the image: darker (MONOCHROME2), on the canvas, nothing asked of the server.
        PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        Sequence swipe = new Sequence(finger, 0)
                .addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), x, y))
                .addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()))
                .addAction(finger.createPointerMove(Duration.ofMillis(100), PointerInput.Origin.viewport(), x, y + 60))
                .addAction(finger.createPointerMove(Duration.ofMillis(100), PointerInput.Origin.viewport(), x, y + 120))
                .addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        browser.driver().perform(List.of(swipe));
        browser.wait(d -> browser.find("#viewer-canvas").isDisplayed());
        afterNextPaint(browser);
        assertThat(mean(browser, "viewer-canvas")).as("one finger down darkens").isLessThan(before - 20);
        assertThat(renderedFrameRequests(browser)).isEqualTo(renderedBefore);

        // Two fingers apart: the image zooms (and the canvas with it).
        PointerInput first = new PointerInput(PointerInput.Kind.TOUCH, "first");
        PointerInput second = new PointerInput(PointerInput.Kind.TOUCH, "second");
        Sequence a = new Sequence(first, 0)
                .addAction(first.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), x - 20, y))
                .addAction(first.createPointerDown(PointerInput.MouseButton.LEFT.asArg()))
                .addAction(first.createPointerMove(Duration.ofMillis(200), PointerInput.Origin.viewport(), x - 80, y))
                .addAction(first.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        Sequence b = new Sequence(second, 0)
                .addAction(second.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), x + 20, y))
                .addAction(second.createPointerDown(PointerInput.MouseButton.LEFT.asArg()))
                .addAction(second.createPointerMove(Duration.ofMillis(200), PointerInput.Origin.viewport(), x + 80, y))
                .addAction(second.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        browser.driver().perform(List.of(a, b));
        browser.wait(
                d -> browser.find("#viewer-canvas").getAttribute("style").matches(".*scale\\((1\\.[1-9]|[2-9]).*"));
        browser.assertAccessible();
    }

    @Test
    void referenceCorpusWhenReadBackFromTheCanvasThenWithinTolerance(Browser browser) throws Exception {
        Path corpus = DisplayReferenceIT.generate(Path.of("target", "display-reference-canvas"));
        JsonNode manifest = JsonMapper.builder()
                .build()
                .readTree(corpus.resolve("manifest.json").toFile());
        DisplayReferenceIT.store(corpus, manifest);
        browser.driver().manage().window().setSize(LAPTOP);
        browser.open("/login")
                .signIn(
                        fixtures.patientWithGrant(DisplayReferenceIT.IDENTITY, true)
                                .email(),
                        DownloadFixtures.PASSWORD)
                .waitForPath("/patient");
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (JsonNode c : manifest.get("cases")) {
            String photometric = c.get("photometric").asString();
            if (!photometric.startsWith("MONOCHROME")) {
                continue; // colour images have no VOI to drag: they stay the portal's JPEG
            }
            String study = c.get("studyUid").asString();
            browser.open("/patient/studies/" + study);
            long index = (Long) browser.driver()
                    .executeScript(
                            "return Array.from(document.querySelectorAll('.viewer-images li'))"
                                    + ".findIndex(li => li.dataset.url.includes(arguments[0]));",
                            c.get("instanceUid").asString());
            assertThat(index).isNotNegative();
            browser.open("/patient/studies/" + study + "?image=" + index);
            waitForFullDepth(browser);
            browser.find("[data-action='contrast-mode']").click();
            // Press and release without moving: the canvas takes over at the image's own VOI.
            new Actions(browser.driver())
                    .moveToElement(browser.find("#viewer-stage"))
                    .clickAndHold()
                    .release()
                    .perform();
            browser.wait(d -> browser.find("#viewer-canvas").isDisplayed()
                    && browser.find("#viewer-stage").getAttribute("data-paints") != null);
            BufferedImage canvas = canvasPicture(browser);
            BufferedImage reference = ImageIO.read(corpus.resolve(c.get("name").asString())
                    .resolve("1-as-stored.png")
                    .toFile());
            double mad = DisplayReferenceIT.meanAbsoluteDifference(canvas, reference);
            if (!(mad <= DisplayReferenceIT.TOLERANCE)) {
                failures.add("%s: %.2f".formatted(c.get("name").asString(), mad));
            }
            compared++;
        }
        assertThat(failures)
                .as("canvas against the reference, mean absolute difference")
                .isEmpty();
        assertThat(compared).isGreaterThanOrEqualTo(11);
    }

    private record Result(double before, double after) {}

    private Result dragOnCanvas(Browser browser, String study, int dy) {
        browser.driver().manage().window().setSize(LAPTOP);
        browser.open("/patient/studies/" + study);
        waitForFullDepth(browser);
        // The JPEG clips the stripes (values above the window) to one flat level.
        int[] jpegStripes = stripeLevels(browser, "viewer-image");
        assertThat(jpegStripes[1] - jpegStripes[0])
                .as("stripes clipped in the JPEG")
                .isLessThanOrEqualTo(2);
        double before = mean(browser, "viewer-image");
        long renderedBefore = renderedFrameRequests(browser);

        browser.find("[data-action='contrast-mode']").click();
        WebElement stage = browser.find("#viewer-stage");
        new Actions(browser.driver())
                .moveToElement(stage)
                .clickAndHold()
                .moveByOffset(0, dy / 2)
                .moveByOffset(0, dy - dy / 2)
                .release()
                .perform();
        browser.wait(d -> browser.find("#viewer-canvas").isDisplayed());
        browser.wait(d -> !browser.find("#viewer-image").isDisplayed());
        afterNextPaint(browser);
        int[] canvasStripes = stripeLevels(browser, "viewer-canvas");
        assertThat(canvasStripes[1] - canvasStripes[0])
                .as("the clipped stripes are distinct after the drag")
                .isGreaterThanOrEqualTo(60);
        double after = mean(browser, "viewer-canvas");

        // Keyboard: Shift and the up arrow brighten, on the canvas too.
        for (int i = 0; i < 3; i++) {
            browser.find("#viewer-stage").sendKeys(Keys.chord(Keys.SHIFT, Keys.ARROW_UP));
        }
        afterNextPaint(browser);
        assertThat(mean(browser, "viewer-canvas")).as("Shift+Up brightens").isGreaterThan(after + 5);
        for (int i = 0; i < 3; i++) {
            browser.find("#viewer-stage").sendKeys(Keys.chord(Keys.SHIFT, Keys.ARROW_DOWN));
        }
        afterNextPaint(browser);
        assertThat(browser.find("#viewer-window").getAttribute("value")).isEqualTo("custom");
        assertThat(renderedFrameRequests(browser))
                .as("no rendered frame was asked for during or after the drag")
                .isEqualTo(renderedBefore);
        assertThat(browser.find(".save-image[data-format='png']").getAttribute("href"))
                .as("the saved picture has the dragged window")
                .contains("windowCenter=", "windowWidth=");
        browser.assertAccessible();
        return new Result(before, after);
    }

    private static void afterNextPaint(Browser browser) {
        browser.driver()
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + " requestAnimationFrame(() => requestAnimationFrame(() => done(true)));");
    }

    private static void waitForFullDepth(Browser browser) {
        try {
            browser.wait(d -> "ready".equals(browser.find("#viewer-stage").getAttribute("data-full-depth")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(
                    "full depth: " + browser.find("#viewer-stage").getAttribute("data-full-depth") + ", requests "
                            + browser.driver()
                                    .executeScript("return performance.getEntriesByType('resource')"
                                            + ".map(e => e.name + ' ' + e.responseStatus).join('\\n')"),
                    e);
        }
    }

    private static long renderedFrameRequests(Browser browser) {
        return (Long) browser.driver()
                .executeScript("return performance.getEntriesByType('resource')"
                        + ".filter(e => /\\/frames\\/\\d+(\\?|$)/.test(e.name)).length;");
    }

    /** The darkest and brightest level inside the stripe block (image coordinates), from the image or the canvas. */
    private static int[] stripeLevels(Browser browser, String id) {
        @SuppressWarnings("unchecked")
        List<Long> levels = (List<Long>) browser.driver()
                .executeScript(
                        PIXELS + " const d = pixels(arguments[0]); let lo = 255, hi = 0;"
                                + " for (let y = 120; y < 180; y++) for (let x = 80; x < 160; x++) {"
                                + "   const v = d.data[(y * d.width + x) * 4]; lo = Math.min(lo, v); hi = Math.max(hi, v); }"
                                + " return [lo, hi];",
                        id);
        return new int[] {levels.get(0).intValue(), levels.get(1).intValue()};
    }

    private static double mean(Browser browser, String id) {
        return ((Number) browser.driver()
                        .executeScript(
                                PIXELS + " const d = pixels(arguments[0]); let s = 0;"
                                        + " for (let k = 0; k < d.data.length; k += 4) { s += d.data[k]; }"
                                        + " return s / (d.data.length / 4);",
                                id))
                .doubleValue();
    }

    /** The picture of the image or the canvas at the image's own size (COLUMNS x ROWS: never reduced here). */
    private static final String PIXELS = "function pixels(id) { const e = document.getElementById(id);"
            + " const c = document.createElement('canvas'); c.width = " + COLUMNS + "; c.height = " + ROWS + ";"
            + " const g = c.getContext('2d'); g.drawImage(e, 0, 0, " + COLUMNS + ", " + ROWS + ");"
            + " return { width: c.width, data: g.getImageData(0, 0, c.width, c.height).data }; }";

    private static BufferedImage canvasPicture(Browser browser) throws Exception {
        String url = (String) browser.driver()
                .executeScript("return document.getElementById('viewer-canvas').toDataURL('image/png');");
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))));
    }

    private void signIn(Browser browser) {
        browser.open("/login")
                .signIn(fixtures.patientWithGrant(IDENTITY, true).email(), DownloadFixtures.PASSWORD)
                .waitForPath("/patient");
    }

    private static List<String> stored;

    /**
     * Both images stored before the first test: the gateway remembers an identity's study search for a minute, so a
     * study stored after the first page of this identity would stay unseen.
     */
    private static synchronized List<String> stripes() throws Exception {
        if (stored == null) {
            stored = List.of(storeStripes(1, "MONOCHROME2"), storeStripes(2, "MONOCHROME1"));
        }
        return stored;
    }

    /**
     * A 16-bit DX, {@code COLUMNS x ROWS}, its own window 1000..3000 (centre 2000, width 2000) over a background
     * ramp from 1000 to 3000, and a block of vertical stripes of 3200 and 3800, both above the window.
     */
    private static String storeStripes(int n, String photometric) throws Exception {
        String study = ROOT + "." + n + ".1";
        short[] pixels = new short[COLUMNS * ROWS];
        for (int y = 0; y < ROWS; y++) {
            for (int x = 0; x < COLUMNS; x++) {
                int value = 1000 + 2000 * x / (COLUMNS - 1);
                if (y >= 100 && y < 200 && x >= 50 && x < 200) {
                    value = (x / 8) % 2 == 0 ? 3200 : 3800;
                }
                pixels[y * COLUMNS + x] = (short) value;
            }
        }
        String sop = ROOT + "." + n + ".3";
        byte[] file = new DicomWriter()
                .text(0x00080016, "UI", SyntheticPacs.DIGITAL_XRAY)
                .text(0x00080018, "UI", sop)
                .text(0x00080020, "DA", "20260301")
                .text(0x00080060, "CS", "DX")
                .text(0x00081030, "LO", "Stripes " + photometric)
                .text(0x0008103E, "LO", "Stripes")
                .text(0x00100010, "PN", IDENTITY.name())
                .text(0x00100020, "LO", IDENTITY.patientId())
                .text(0x00100021, "LO", IDENTITY.issuer())
                .text(0x00100030, "DA", "19750505")
                .text(0x00100040, "CS", "F")
                .text(0x0020000D, "UI", study)
                .text(0x0020000E, "UI", ROOT + "." + n + ".2")
                .text(0x00200011, "IS", "1")
                .text(0x00200013, "IS", "1")
                .us(0x00280002, 1)
                .text(0x00280004, "CS", photometric)
                .us(0x00280010, ROWS)
                .us(0x00280011, COLUMNS)
                .us(0x00280100, 16)
                .us(0x00280101, 16)
                .us(0x00280102, 15)
                .us(0x00280103, 0)
                .text(0x00281050, "DS", "2000")
                .text(0x00281051, "DS", "2000")
                .pixelData16(pixels)
                .toPart10(SyntheticPacs.DIGITAL_XRAY, sop);
        try (SyntheticPacs pacs = new SyntheticPacs(OrthancSupport.shared().restUrl())) {
            pacs.store(file);
        }
        return study;
    }
}
