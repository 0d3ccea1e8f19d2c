package org.xrayportal.viewer;

import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.imaging.demo.DicomWriter;
import org.xrayportal.support.BenchmarkReport;
import org.xrayportal.support.Browser;
import org.xrayportal.support.BrowserExtension;
import org.xrayportal.support.OrthancSupport;
import org.xrayportal.support.PortalWithPacsTest;

/**
 * Issue 15's benchmark, in Chromium with DevTools network emulation (10 Mbit/s both ways, 40 ms latency): a 2,048 x
 * 2,500 16-bit DX (14 bits stored, noisy, as a detector gives) opened on the study page at laptop size: time to the
 * first image and bytes, then the full-depth values behind it; the same frame straight from Orthanc (its rendered JPEG,
 * and the uncompressed frame a client-side DICOM viewer would fetch) in the same throttled browser; and the time to
 * re-map the canvas at each pointer move of a window drag, at full CPU speed and with 4x CPU throttling (a mid-range
 * phone). Not a test; run with {@code -Dbenchmark=true}. Replaces its own section of {@code docs/benchmarks.md}.
 */
@PortalWithPacsTest(webEnvironment = RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
@Import(DownloadFixtures.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ViewerThrottledBenchmarkIT {

    static final DemoStudies.Patient IDENTITY =
            new DemoStudies.Patient("BENCH-VIEWER-DX", "PORTAL-TEST", "Bench^Dx", LocalDate.of(1970, 1, 1), "O");
    static final String ROOT = "1.2.826.0.1.3680043.8.498.4714";
    static final String STUDY = ROOT + ".1";
    static final String SERIES = ROOT + ".2";
    static final String INSTANCE = ROOT + ".3";
    static final int COLUMNS = 2048;
    static final int ROWS = 2500;
    static final int BYTES_PER_SECOND = 10_000_000 / 8;
    static final int LATENCY_MS = 40;

    @Autowired
    DownloadFixtures fixtures;

    @Autowired
    Environment environment;

    @Test
    void throttledFirstImageAndDrag(Browser browser) throws Exception {
        store();
        browser.driver().manage().window().setSize(new Dimension(1366, 900));
        browser.open("/login")
                .signIn(fixtures.patientWithGrant(IDENTITY, true).email(), DownloadFixtures.PASSWORD)
                .waitForPath("/patient");
        // Warm the PACS and the portal's caches once, unthrottled, as a second visit would find them.
        browser.open("/patient/studies/" + STUDY);
        browser.wait(d -> "ready".equals(browser.find("#viewer-stage").getAttribute("data-full-depth")));

        throttle(browser, 1);
        browser.open("/patient/studies/" + STUDY);
        browser.wait(d -> "ready".equals(browser.find("#viewer-stage").getAttribute("data-full-depth")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries =
                (List<Map<String, Object>>) browser.driver().executeScript("""
                        const nav = performance.getEntriesByType('navigation')[0];
                        const all = [{name: 'page', start: 0, end: nav.responseEnd, bytes: nav.transferSize}];
                        for (const e of performance.getEntriesByType('resource')) {
                          all.push({name: e.name, start: e.startTime, end: e.responseEnd, bytes: e.transferSize});
                        }
                        return all;""");
        double firstImage = 0;
        double imageRequest = 0;
        double valuesRequest = 0;
        double valuesReady = 0;
        long pageBytes = 0;
        long imageBytes = 0;
        long valuesBytes = 0;
        long otherBytes = 0;
        for (Map<String, Object> e : entries) {
            String name = (String) e.get("name");
            double end = ((Number) e.get("end")).doubleValue();
            long bytes = ((Number) e.get("bytes")).longValue();
            if (name.equals("page")) {
                pageBytes += bytes;
            } else if (name.contains("/instances/" + INSTANCE + "/frames/1/values")) {
                valuesReady = Math.max(valuesReady, end);
                valuesRequest = end - ((Number) e.get("start")).doubleValue();
                valuesBytes += bytes;
            } else if (name.contains("/instances/" + INSTANCE + "/frames/1?")) {
                firstImage = Math.max(firstImage, end);
                imageRequest = end - ((Number) e.get("start")).doubleValue();
                imageBytes += bytes;
            } else {
                otherBytes += bytes;
            }
        }

        // The same frame from Orthanc, in the same throttled browser, from a page of Orthanc's own origin.
        String pacs = environment.getRequiredProperty("portal.pacs.base-url").replaceAll("/+$", "");
        String frame = pacs + "/studies/" + STUDY + "/series/" + SERIES + "/instances/" + INSTANCE + "/frames/1";
        throttle(browser, 1);
        browser.driver().get(pacs + "/studies?limit=1");
        double[] rendered = fetchTimed(browser, frame + "/rendered?viewport=839,1024&quality=90", "image/jpeg");
        double[] raw = fetchTimed(
                browser,
                frame,
                "multipart/related; type=\"application/octet-stream\"; transfer-syntax=1.2.840.10008.1.2.1");

        // Window drag: the canvas re-mapped at each pointer move; its own measure of each paint.
        browser.driver()
                .executeCdpCommand(
                        "Network.emulateNetworkConditions",
                        Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
        double[] fast = drag(browser, 1);
        double[] slow = drag(browser, 4);
        browser.driver().executeCdpCommand("Emulation.setCPUThrottlingRate", Map.of("rate", 1));

        List<String> rows = new ArrayList<>();
        rows.add(row("Portal: study page (HTML)", null, pageBytes));
        rows.add(row("Portal: first image on screen, from the start of the navigation", firstImage, imageBytes));
        rows.add(row("Portal: the JPEG request alone (sized to the screen)", imageRequest, imageBytes));
        rows.add(row(
                "Portal: full-depth values, drag ready, from the start of the navigation", valuesReady, valuesBytes));
        rows.add(row("Portal: the values request alone (gzip)", valuesRequest, valuesBytes));
        rows.add(row("Portal: style sheet, script, thumbnails, icons", null, otherBytes));
        rows.add(row("Orthanc directly: `/rendered` JPEG of the same size", rendered[0], (long) rendered[1]));
        rows.add(row(
                "Orthanc directly: `/frames/1` uncompressed (what Cornerstone3D would load)", raw[0], (long) raw[1]));
        write(rows, fast, slow);
    }

    private static void throttle(Browser browser, int cpu) {
        browser.driver().executeCdpCommand("Network.enable", Map.of());
        browser.driver().executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        browser.driver()
                .executeCdpCommand(
                        "Network.emulateNetworkConditions",
                        Map.of(
                                "offline", false,
                                "latency", LATENCY_MS,
                                "downloadThroughput", BYTES_PER_SECOND,
                                "uploadThroughput", BYTES_PER_SECOND));
        browser.driver().executeCdpCommand("Emulation.setCPUThrottlingRate", Map.of("rate", cpu));
    }

    /** Milliseconds from the request to the last byte, and the bytes transferred. */
    private static double[] fetchTimed(Browser browser, String url, String accept) {
        @SuppressWarnings("unchecked")
        List<Number> result = (List<Number>) browser.driver().executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        const start = performance.now();
                        fetch(arguments[0], {headers: {Accept: arguments[1]}, cache: 'no-store'})
                          .then(r => r.arrayBuffer())
                          .then(b => {
                            const took = performance.now() - start;
                            const e = performance.getEntriesByName(arguments[0]).pop();
                            done([took, e ? e.transferSize : b.byteLength]);
                          });""", url, accept);
        return new double[] {result.get(0).doubleValue(), result.get(1).doubleValue()};
    }

    /** p50, p95 and max of the paint times of 60 pointer moves, and the size painted (columns x rows). */
    private static double[] drag(Browser browser, int cpu) {
        browser.driver().executeCdpCommand("Emulation.setCPUThrottlingRate", Map.of("rate", 1));
        browser.driver()
                .executeCdpCommand(
                        "Network.emulateNetworkConditions",
                        Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
        browser.open("/patient/studies/" + STUDY);
        browser.wait(d -> "ready".equals(browser.find("#viewer-stage").getAttribute("data-full-depth")));
        browser.driver().executeCdpCommand("Emulation.setCPUThrottlingRate", Map.of("rate", cpu));
        browser.driver().executeScript("""
                        window.paintTimes = [];
                        const stage = document.getElementById('viewer-stage');
                        new MutationObserver(() => window.paintTimes.push(parseFloat(stage.dataset.paintMs)))
                          .observe(stage, {attributes: true, attributeFilter: ['data-paints']});""");
        browser.find("[data-action='contrast-mode']").click();
        Actions actions = new Actions(browser.driver())
                .moveToElement(browser.find("#viewer-stage"))
                .clickAndHold();
        for (int i = 0; i < 60; i++) {
            actions.moveByOffset(i % 2 == 0 ? 3 : -2, i < 30 ? 3 : -3);
        }
        actions.release().perform();
        @SuppressWarnings("unchecked")
        List<Number> times = (List<Number>) browser.driver().executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        requestAnimationFrame(() => requestAnimationFrame(() => done(window.paintTimes)));""");
        double[] sorted =
                times.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        long canvas = (Long) browser.driver()
                .executeScript(
                        "const c = document.getElementById('viewer-canvas'); return c.width * 100000 + c.height;");
        return new double[] {
            sorted[sorted.length / 2],
            sorted[(int) (sorted.length * 0.95)],
            sorted[sorted.length - 1],
            sorted.length,
            canvas / 100000,
            canvas % 100000
        };
    }

    private static String row(String name, Double ms, long bytes) {
        return "| " + name + " | " + (ms == null ? "" : String.format(Locale.ROOT, "%.0f", ms)) + " | "
                + String.format(Locale.ROOT, "%,d", bytes) + " |";
    }

    private static void write(List<String> rows, double[] fast, double[] slow) throws Exception {
        StringBuilder md = new StringBuilder("## Viewer on a slow line: first image, full depth, window drag\n\n");
        md.append("Measured ").append(ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        md.append(" on this machine (").append(Runtime.getRuntime().availableProcessors());
        md.append(" cores shared with other builds, load average ");
        md.append(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        md.append("), one run, headless Chromium at 1,366 x 900 with DevTools network emulation (10 Mbit/s down and");
        md.append(" up, 40 ms latency, cache disabled), caches of the portal and Orthanc warm. The image: a 2,048 x");
        md.append(" 2,500 DX, 16 bits allocated, 14 stored, with detector noise (10 MB of pixel data). Times are from");
        md.append(" the start of the navigation (portal) or of the request (Orthanc) to the last byte; bytes as");
        md.append(" transferred.\n\n");
        md.append("| what | ms | bytes |\n|---|---:|---:|\n");
        for (String row : rows) {
            md.append(row).append('\n');
        }
        md.append("\nBefore this change the portal sent the same page and JPEG (the first image is unchanged) and no");
        md.append(" values; a drag then cost one re-rendering round trip after the pointer stopped. Now the values");
        md.append(" arrive behind the first image and every drag step is local.\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Window drag, canvas %.0f x %.0f, per pointer move (look-up table and putImageData), %.0f and %.0f"
                        + " moves painted: p50 %.1f ms, p95 %.1f ms, max %.1f ms at full CPU speed; p50 %.1f ms,"
                        + " p95 %.1f ms, max %.1f ms with 4x CPU throttling (a mid-range phone). One display frame at"
                        + " 60 Hz is 16.7 ms.%n",
                fast[4],
                fast[5],
                fast[3],
                slow[3],
                fast[0],
                fast[1],
                fast[2],
                slow[0],
                slow[1],
                slow[2]));
        md.append("\nReproduce: `./mvnw -B -ntp verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false ");
        md.append("-Dit.test=ViewerThrottledBenchmarkIT -Dbenchmark=true` (replaces this section).\n");
        BenchmarkReport.replaceSection("viewer-throttled", md.toString());
    }

    /** A smooth body with bones and a collimation border, 14 bits stored, and Gaussian detector noise. */
    private static void store() throws Exception {
        Random random = new Random(15);
        short[] pixels = new short[COLUMNS * ROWS];
        for (int y = 0; y < ROWS; y++) {
            for (int x = 0; x < COLUMNS; x++) {
                double dx = (x - COLUMNS / 2.0) / (COLUMNS * 0.35);
                double dy = (y - ROWS / 2.0) / (ROWS * 0.45);
                double body = Math.max(0, 1 - dx * dx - dy * dy);
                double bone =
                        Math.abs(x - COLUMNS / 2.0) < 120 ? 0.5 * Math.exp(-Math.pow((x - COLUMNS / 2.0) / 80, 2)) : 0;
                double value = 1500 + 9000 * body + 4000 * bone * body + random.nextGaussian() * 60;
                if (x < 40 || y < 40 || x >= COLUMNS - 40 || y >= ROWS - 40) {
                    value = 16000 + random.nextGaussian() * 30;
                }
                pixels[y * COLUMNS + x] = (short) Math.max(0, Math.min(16383, Math.round(value)));
            }
        }
        byte[] file = new DicomWriter()
                .text(0x00080016, "UI", SyntheticPacs.DIGITAL_XRAY)
                .text(0x00080018, "UI", INSTANCE)
                .text(0x00080020, "DA", "20260401")
                .text(0x00080060, "CS", "DX")
                .text(0x00081030, "LO", "Chest PA benchmark")
                .text(0x0008103E, "LO", "Chest PA")
                .text(0x00100010, "PN", IDENTITY.name())
                .text(0x00100020, "LO", IDENTITY.patientId())
                .text(0x00100021, "LO", IDENTITY.issuer())
                .text(0x00100030, "DA", "19700101")
                .text(0x00100040, "CS", "O")
                .text(0x0020000D, "UI", STUDY)
                .text(0x0020000E, "UI", SERIES)
                .text(0x00200011, "IS", "1")
                .text(0x00200013, "IS", "1")
                .us(0x00280002, 1)
                .text(0x00280004, "CS", "MONOCHROME2")
                .us(0x00280010, ROWS)
                .us(0x00280011, COLUMNS)
                .us(0x00280100, 16)
                .us(0x00280101, 14)
                .us(0x00280102, 13)
                .us(0x00280103, 0)
                .text(0x00281050, "DS", "7000")
                .text(0x00281051, "DS", "9000")
                .pixelData16(pixels)
                .toPart10(SyntheticPacs.DIGITAL_XRAY, INSTANCE);
        try (SyntheticPacs pacs = new SyntheticPacs(OrthancSupport.shared().restUrl())) {
            pacs.store(file);
        }
    }
}
