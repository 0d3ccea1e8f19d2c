package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;
import static org.xrayportal.viewer.ViewerFixtures.study;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.support.Browser;
import org.xrayportal.support.BrowserExtension;
import org.xrayportal.support.PortalWithPacsTest;

/**
 * Issue 15 in a real Chromium: the study page opens with the image in the first screen at phone and laptop size and
 * the notice right with it; full screen, print and the saved picture keep the notice; frame buttons only for
 * multi-frame images; the light/dark choice; keyboard-only use. axe-core on every state.
 */
@PortalWithPacsTest(webEnvironment = RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
@Import(DownloadFixtures.class)
class ViewerLayoutIT {

    private static final String KNEE = study("mueller-knee-2024");
    private static final String HAND = study("mueller-hand-2023");
    private static final Dimension LAPTOP = new Dimension(1366, 900);

    @Autowired
    DownloadFixtures fixtures;

    @Test
    void studyPageWhenOpenedOnPhoneAndLaptopThenImageAndNoticeInTheFirstScreen(Browser browser) {
        signIn(browser);

        browser.driver().manage().window().setSize(LAPTOP);
        openStudy(browser, KNEE);
        assertInFirstScreen(browser, "#viewer-image");
        assertInFirstScreen(browser, "#viewer-notice-short");
        assertThat(browser.find(".viewer").getAttribute("class")).contains("theme-dark");
        assertThat(background(browser, ".viewer")).isEqualTo("rgb(17, 20, 23)");
        browser.screenshot("viewer-layout-laptop");

        browser.phone();
        openStudy(browser, KNEE);
        assertThat(browser.viewportWidth()).isEqualTo(390);
        browser.screenshot("viewer-layout-first");
        assertInFirstScreen(browser, "#viewer-image");
        assertInFirstScreen(browser, "#viewer-notice-short");
        Map<String, Number> stage = rect(browser, "#viewer-stage");
        Map<String, Number> image = rect(browser, "#viewer-image");
        assertThat(image.get("width").doubleValue())
                .as("the image fills the width of the viewer on a phone")
                .isGreaterThanOrEqualTo(stage.get("width").doubleValue() - 2);
        assertThat(rect(browser, "#viewer-notice").get("top").doubleValue())
                .as("the notice is directly under the image")
                .isGreaterThan(image.get("bottom").doubleValue() - 1);
        assertThat(rect(browser, ".viewer-actions").get("top").doubleValue())
                .as("consultation and download after the viewer")
                .isGreaterThan(rect(browser, "#viewer-notice").get("bottom").doubleValue());
        // The full notice is one tap away.
        assertThat(browser.find(".notice-more").getAttribute("open")).isNull();
        browser.find(".notice-more summary").click();
        assertThat(browser.find(".notice-more").getAttribute("open")).isNotNull();
        assertThat(browser.text(".notice-more")).contains("not a diagnostic display");
        browser.screenshot("viewer-layout");
        browser.assertAccessible();
        browser.desktop();
        openStudy(browser, KNEE);
        browser.assertAccessible();
    }

    @Test
    void frameButtonsWhenOnlyForMultiFrameImagesThenShownForThoseOnly(Browser browser) {
        signIn(browser);
        openStudy(browser, KNEE);
        assertThat(browser.findAll("[data-action='next-frame'], [data-action='previous-frame']"))
                .as("no multi-frame image in this study")
                .isEmpty();

        openStudy(browser, HAND);
        assertThat(browser.find("[data-action='next-frame']").isDisplayed()).isFalse();
        browser.find("[data-action='next-image']").click();
        browser.find("[data-action='next-image']").click();
        browser.wait(d -> browser.text("#viewer-position").contains("Image 3 of 3"));
        assertThat(browser.find("[data-action='next-frame']").isDisplayed()).isTrue();
        browser.find("[data-action='next-frame']").click();
        browser.wait(d -> browser.text("#viewer-position").contains("frame 2 of 3"));
        waitForImage(browser);
        assertThat(browser.find("#viewer-image").getAttribute("src")).contains("/frames/2?");
    }

    @Test
    void fullScreenWhenOnThenTheNoticeStaysWithTheImage(Browser browser) {
        signIn(browser);
        openStudy(browser, KNEE);

        browser.find("[data-action='fullscreen']").click();
        browser.wait(d -> (Boolean) browser.driver()
                .executeScript("return document.fullscreenElement === document.getElementById('viewer')"
                        + " || document.getElementById('viewer').classList.contains('expanded');"));
        assertThat(browser.find("[data-action='fullscreen']").getAttribute("aria-pressed"))
                .isEqualTo("true");
        assertThat(browser.find("#viewer-notice").isDisplayed()).isTrue();
        assertInFirstScreen(browser, "#viewer-notice-short");
        assertInFirstScreen(browser, "#viewer-image");
        browser.screenshot("viewer-fullscreen");

        browser.find("[data-action='fullscreen']").click();
        browser.wait(
                d -> "false".equals(browser.find("[data-action='fullscreen']").getAttribute("aria-pressed")));
    }

    @Test
    void printWhenStudyPageThenOnePageWithHeaderImageAndFullNoticeAndNoNavigation(Browser browser) {
        signIn(browser);
        openStudy(browser, KNEE);

        browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            for (String hidden : List.of(
                    ".site-header",
                    ".site-nav",
                    ".viewer-toolbar",
                    ".viewer-output",
                    ".series-list",
                    "#consultation",
                    ".viewer-actions",
                    ".notice-more")) {
                assertThat(browser.find(hidden).isDisplayed())
                        .as(hidden + " is not printed")
                        .isFalse();
            }
            assertThat(browser.find(".print-header").isDisplayed()).isTrue();
            assertThat(browser.text(".print-header")).contains("Patient: ", "Study: Left knee", "5 Nov 2024");
            assertThat(browser.find("#viewer-image").isDisplayed()).isTrue();
            assertThat(browser.text("#viewer-notice"))
                    .contains("This is not a diagnosis", "not a diagnostic display", "discuss your images");
            browser.screenshot("viewer-print");
        } finally {
            browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }

        assertThat(pdfPages(browser)).as("one page for the image").isEqualTo(1);
    }

    @Test
    void printAllWhenStudyHasThreeImagesThenThreePagesEachWithHeaderAndNotice(Browser browser) {
        signIn(browser);
        openStudy(browser, KNEE);
        browser.find("a[href='/patient/studies/" + KNEE + "/print']").click();
        browser.waitForPath("/patient/studies/" + KNEE + "/print");
        browser.wait(d -> (Boolean) browser.driver()
                .executeScript("return Array.from(document.querySelectorAll('.print-image'))"
                        + ".every(i => i.complete && i.naturalWidth > 0);"));
        assertThat(browser.findAll(".print-sheet")).hasSize(3);
        browser.assertAccessible();

        browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertThat(browser.find(".site-nav").isDisplayed()).isFalse();
            assertThat(browser.find("#print-now").isDisplayed()).isFalse();
            assertThat(browser.findAll(".print-notice"))
                    .hasSize(3)
                    .allSatisfy(n ->
                            assertThat(n.getText()).contains("This is not a diagnosis", "not a diagnostic display"));
            browser.screenshot("viewer-print-all");
        } finally {
            browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
        assertThat(pdfPages(browser)).as("one page per image").isEqualTo(3);
    }

    private static long pdfPages(Browser browser) {
        @SuppressWarnings("unchecked")
        Map<String, Object> pdf = (Map<String, Object>) (Map<?, ?>)
                browser.driver().executeCdpCommand("Page.printToPDF", Map.of("paperWidth", 8.27, "paperHeight", 11.69));
        String text = new String(
                Base64.getDecoder().decode((String) pdf.get("data")), java.nio.charset.StandardCharsets.ISO_8859_1);
        return Pattern.compile("/Type\\s*/Page[^s]").matcher(text).results().count();
    }

    @Test
    void savePictureWhenInvertedThenDownloadsThePictureAsShownWithTheCaption(Browser browser) {
        signIn(browser);
        openStudy(browser, KNEE);
        browser.find("#viewer-stage").sendKeys("i");
        String href = browser.find(".save-image[data-format='png']").getAttribute("href");
        assertThat(href).contains("/download?format=png", "caption=true", "frame=1", "invert=true");

        @SuppressWarnings("unchecked")
        List<Object> result = (List<Object>) browser.driver().executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        fetch(arguments[0]).then(async r => {
                          const bitmap = await createImageBitmap(await r.blob());
                          const canvas = document.createElement('canvas');
                          canvas.width = bitmap.width; canvas.height = bitmap.height;
                          const g = canvas.getContext('2d');
                          g.drawImage(bitmap, 0, 0);
                          const strip = g.getImageData(1, bitmap.height - 2, 1, 1).data[0];
                          done([r.status, r.headers.get('content-type'), r.headers.get('content-disposition'),
                                bitmap.width, bitmap.height, strip]);
                        }).catch(e => done(['failed', String(e)]));
                        """, href);
        assertThat(result.get(0)).isEqualTo(200L);
        assertThat(result.get(1)).isEqualTo("image/png");
        assertThat((String) result.get(2)).startsWith("attachment;").contains("xray-image-2024-11-05.png");
        var li = browser.find(".viewer-images li");
        double aspect =
                Double.parseDouble(li.getAttribute("data-rows")) / Double.parseDouble(li.getAttribute("data-columns"));
        long width = (Long) result.get(3);
        long height = (Long) result.get(4);
        assertThat(height).as("the caption strip under the image").isGreaterThan(Math.round(width * aspect) + 40);
        assertThat(result.get(5)).as("the strip is white").isEqualTo(255L);
    }

    @Test
    void keyboardOnlyWhenTabbingThenReachesNoticeImageAndToolsAndUsesThem(Browser browser) {
        signIn(browser);
        openStudy(browser, KNEE);

        // From the top of the page, Tab reaches the full notice first, then the image.
        browser.find("body").click();
        tabUntil(browser, ".notice-more summary");
        browser.focused().sendKeys(Keys.ENTER);
        assertThat(browser.find(".notice-more").getAttribute("open")).isNotNull();
        tabUntil(browser, "#viewer-stage");
        assertThat(browser.focusRingWidth()).isPositive();
        browser.focused().sendKeys("+");
        assertThat(browser.find("#viewer-image").getAttribute("style")).contains("scale(1.25)");
        browser.focused().sendKeys("i");
        assertThat(browser.find("[data-action='invert']").getAttribute("aria-pressed"))
                .isEqualTo("true");
        tabUntil(browser, "[data-action='zoom-in']");
        browser.focused().sendKeys(Keys.ENTER);
        assertThat(browser.find("#viewer-image").getAttribute("style")).contains("scale(1.5625)");
        tabUntil(browser, ".viewer-output button[type=submit]");
        browser.focused().sendKeys(Keys.ENTER);
        browser.wait(d -> browser.find(".viewer").getAttribute("class").contains("theme-light"));
        waitForImage(browser);
        assertThat(background(browser, ".viewer")).isEqualTo("rgb(255, 255, 255)");
        browser.assertAccessible();
        browser.screenshot("viewer-light");
    }

    @Test
    void dragWhenFullDepthValuesUnavailableThenPreviewAndRenderedAgainWithTheNewWindow(Browser browser) {
        // The full-depth path is FullDepthViewerIT's; here the values cannot be had (as on a colour image or when the
        // PACS cannot send them), and the drag falls back to the 8-bit preview and a re-rendering by the portal.
        browser.driver().executeCdpCommand("Network.enable", Map.of());
        browser.driver().executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/values?*")));
        try {
            dragWithoutFullDepth(browser);
        } finally {
            browser.driver().executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        }
    }

    private void dragWithoutFullDepth(Browser browser) {
        signIn(browser);
        openStudy(browser, KNEE);
        browser.wait(d -> "unavailable".equals(browser.find("#viewer-stage").getAttribute("data-full-depth")));
        double before = meanGrey(browser);
        String firstSrc = browser.find("#viewer-image").getAttribute("src");
        assertThat(firstSrc).doesNotContain("wc=");

        browser.find("[data-action='contrast-mode']").click();
        assertThat(browser.find("[data-action='contrast-mode']").getAttribute("aria-pressed"))
                .isEqualTo("true");
        WebElement stage = browser.find("#viewer-stage");
        new Actions(browser.driver())
                .moveToElement(stage)
                .clickAndHold()
                .moveByOffset(0, -60)
                .moveByOffset(0, -60)
                .perform();
        assertThat(browser.find("#viewer-image").getCssValue("filter"))
                .as("an immediate preview while dragging")
                .contains("window-preview");
        new Actions(browser.driver()).release().perform();
        browser.wait(d -> browser.find("#viewer-image").getAttribute("src").contains("&wc="));
        waitForImage(browser);
        browser.wait(d -> browser.find("#viewer-image").getCssValue("filter").equals("none"));
        double brighter = meanGrey(browser);
        assertThat(brighter).as("dragging up makes the image brighter").isGreaterThan(before + 5);
        assertThat(browser.find("#viewer-window").getAttribute("value")).isEqualTo("custom");
        String href = browser.find(".save-image[data-format='jpeg']").getAttribute("href");
        assertThat(href).as("the saved picture has the dragged window").contains("windowCenter=", "windowWidth=");

        // Keyboard: Shift and the down arrow make it darker again.
        browser.find("#viewer-stage").sendKeys(Keys.chord(Keys.SHIFT, Keys.ARROW_DOWN));
        browser.find("#viewer-stage").sendKeys(Keys.chord(Keys.SHIFT, Keys.ARROW_DOWN));
        browser.find("#viewer-stage").sendKeys(Keys.chord(Keys.SHIFT, Keys.ARROW_DOWN));
        String brighterSrc = browser.find("#viewer-image").getAttribute("src");
        browser.wait(d -> !browser.find("#viewer-image").getAttribute("src").equals(brighterSrc));
        waitForImage(browser);
        assertThat(meanGrey(browser)).isLessThan(brighter - 5);
        browser.assertAccessible();
    }

    private static double meanGrey(Browser browser) {
        return ((Number) browser.driver()
                        .executeScript("const i = document.getElementById('viewer-image');"
                                + " const c = document.createElement('canvas'); c.width = 64; c.height = 64;"
                                + " const g = c.getContext('2d'); g.drawImage(i, 0, 0, 64, 64);"
                                + " const d = g.getImageData(0, 0, 64, 64).data; let s = 0;"
                                + " for (let k = 0; k < d.length; k += 4) { s += d[k]; } return s / (d.length / 4);"))
                .doubleValue();
    }

    private PortalUser signIn(Browser browser) {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, true);
        browser.open("/login")
                .signIn(patient.email(), DownloadFixtures.PASSWORD)
                .waitForPath("/patient");
        return patient;
    }

    private static void openStudy(Browser browser, String uid) {
        browser.open("/patient/studies/" + uid);
        waitForImage(browser);
    }

    private static void tabUntil(Browser browser, String selector) {
        for (int i = 0; i < 60; i++) {
            if ((Boolean)
                    browser.driver().executeScript("return document.activeElement.matches(arguments[0])", selector)) {
                return;
            }
            browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
        }
        throw new AssertionError("Tab never reached " + selector);
    }

    private static void assertInFirstScreen(Browser browser, String selector) {
        Map<String, Number> r = rect(browser, selector);
        long height = (Long) browser.driver().executeScript("return window.innerHeight");
        long width = (Long) browser.driver().executeScript("return window.innerWidth");
        assertThat(r.get("top").doubleValue()).as(selector + " top").isGreaterThanOrEqualTo(0);
        assertThat(r.get("bottom").doubleValue())
                .as(selector + " bottom within the first screen")
                .isLessThanOrEqualTo(height);
        assertThat(r.get("right").doubleValue()).as(selector + " right").isLessThanOrEqualTo(width);
        assertThat(r.get("height").doubleValue()).as(selector + " is shown").isPositive();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Number> rect(Browser browser, String selector) {
        return (Map<String, Number>) browser.driver()
                .executeScript(
                        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                                + " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,"
                                + " width: r.width, height: r.height};",
                        selector);
    }

    private static String background(Browser browser, String selector) {
        return (String) browser.driver()
                .executeScript(
                        "return getComputedStyle(document.querySelector(arguments[0])).backgroundColor", selector);
    }

    private static void waitForImage(Browser browser) {
        browser.wait(d -> (Boolean) browser.driver()
                .executeScript("const i = document.getElementById('viewer-image');"
                        + " return i.complete && i.naturalWidth > 0"
                        + " && document.getElementById('viewer-loading').hidden;"));
    }
}
