package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.support.OrthancSupport;
import org.xrayportal.support.PortalWithPacsTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The display pipeline against an independent reference: {@code src/test/python/reference_corpus.py} writes synthetic
 * images of every shape the pipeline must handle (14-bit with a burned-in marker, negative rescale slope, MONOCHROME1,
 * VOI LUT Sequence, SIGMOID, window width 0, no window, signed, 12-bit, 8-bit, multi-frame, RGB, YBR_FULL, palette
 * colour) and compressed copies the PACS must decode (JPEG lossless, JPEG 2000 lossless, also of the MONOCHROME1 CR,
 * JPEG-LS lossless of the negative slope, lossy JPEG baseline), and renders them with pydicom's own modality/VOI LUT
 * code. The corpus is stored in the test PACS under an identity a test patient owns; the portal's frames (every
 * frame, every preset), thumbnails and PNG downloads, fetched through the real endpoints, must differ from the
 * reference by at most 3 grey levels on average.
 */
@PortalWithPacsTest
@AutoConfigureMockMvc
@Import(DownloadFixtures.class)
class DisplayReferenceIT {

    static final DemoStudies.Patient IDENTITY =
            new DemoStudies.Patient("REF-DISPLAY-1", "PORTAL-TEST", "Reference^Corpus", LocalDate.of(1980, 1, 1), "O");
    static final String UID_ROOT = "1.2.826.0.1.3680043.8.498.4711";
    static final double TOLERANCE = 3.0;

    private static JsonNode manifest;
    private static Path corpus;

    @Autowired
    MockMvc mvc;

    @Autowired
    DownloadFixtures fixtures;

    PortalUser patient;

    @BeforeEach
    void corpusInThePacs() throws Exception {
        synchronized (DisplayReferenceIT.class) {
            if (manifest == null) {
                corpus = generate(Path.of("target", "display-reference"));
                JsonNode generated = JsonMapper.builder()
                        .build()
                        .readTree(corpus.resolve("manifest.json").toFile());
                store(corpus, generated);
                manifest = generated;
            }
        }
        patient = fixtures.patientWithGrant(IDENTITY, true);
    }

    @Test
    void corpusCoversEveryCaseOfTheIssue() {
        List<String> names = new ArrayList<>();
        manifest.get("cases").forEach(c -> names.add(c.get("name").asString()));
        assertThat(names)
                .contains(
                        "dx14-marker",
                        "cr-negative-slope",
                        "cr-monochrome1",
                        "voi-lut-sequence",
                        "voi-lut-sequence-ow",
                        "sigmoid",
                        "window-width-zero",
                        "no-window",
                        "signed-16",
                        "bits-12",
                        "multi-frame",
                        "rgb",
                        "ybr-full",
                        "palette",
                        "dx8",
                        "jpeg-lossless",
                        "jpeg-2000-lossless",
                        "jpeg-2000-monochrome1",
                        "jpeg-ls-lossless",
                        "jpeg-baseline");
        assertThat(manifest.get("skipped"))
                .as("compressed variants whose encoder is missing")
                .isEmpty();
    }

    @Test
    void everyFrameAtEveryPresetMatchesTheReference() throws Exception {
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (JsonNode c : manifest.get("cases")) {
            for (int frame = 1; frame <= c.get("frames").asInt(); frame++) {
                for (JsonNode preset : manifest.get("presets")) {
                    String url = instanceUrl(c) + "/frames/" + frame + "?size=256&preset=" + preset.asString();
                    BufferedImage portal = fetch(url, "image/jpeg");
                    compare(failures, c, frame, preset.asString(), "frame", portal);
                    compared++;
                }
            }
        }
        assertThat(failures)
                .as("mean absolute differences over %s grey levels", TOLERANCE)
                .isEmpty();
        assertThat(compared).isGreaterThanOrEqualTo(22 * 5);
    }

    @Test
    void thumbnailsMatchTheReferenceAtTheDefaultView() throws Exception {
        List<String> failures = new ArrayList<>();
        for (JsonNode c : manifest.get("cases")) {
            String url = "/patient/studies/" + c.get("studyUid").asString() + "/series/"
                    + c.get("seriesUid").asString() + "/thumbnail";
            compare(failures, c, 1, "as-stored", "thumbnail", fetch(url, "image/jpeg"));
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void pngDownloadsMatchTheReferenceAsStoredAndBrighter() throws Exception {
        List<String> failures = new ArrayList<>();
        for (JsonNode c : manifest.get("cases")) {
            for (String preset : List.of("as-stored", "brighter")) {
                String url = instanceUrl(c) + "/download?format=png&preset=" + preset;
                compare(failures, c, 1, preset, "download", fetch(url, "image/png"));
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void anUnknownPresetIsABadRequest() throws Exception {
        JsonNode c = manifest.get("cases").get(0);
        int status = mvc.perform(get(instanceUrl(c) + "/frames/1?preset=sepia").with(user(patient)))
                .andReturn()
                .getResponse()
                .getStatus();
        assertThat(status).isEqualTo(400);
    }

    private void compare(List<String> failures, JsonNode c, int frame, String preset, String what, BufferedImage portal)
            throws IOException {
        String name = c.get("name").asString();
        BufferedImage reference = ImageIO.read(
                corpus.resolve(name).resolve(frame + "-" + preset + ".png").toFile());
        double mad = meanAbsoluteDifference(portal, reference);
        Files.writeString(
                corpus.resolve("differences.txt"),
                "%s %s frame %d %s: %.2f%n".formatted(what, name, frame, preset, mad),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        if (!(mad <= TOLERANCE)) {
            failures.add("%s %s frame %d %s: %.2f".formatted(what, name, frame, preset, mad));
        }
    }

    private BufferedImage fetch(String url, String type) throws Exception {
        MvcResult result = mvc.perform(get(url).with(user(patient))).andReturn();
        assertThat(result.getResponse().getStatus()).as(url).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).as(url).isEqualTo(type);
        BufferedImage image =
                ImageIO.read(new ByteArrayInputStream(result.getResponse().getContentAsByteArray()));
        assertThat(image).as(url).isNotNull();
        return image;
    }

    private static String instanceUrl(JsonNode c) {
        return "/patient/studies/" + c.get("studyUid").asString() + "/series/"
                + c.get("seriesUid").asString() + "/instances/"
                + c.get("instanceUid").asString();
    }

    /** Over all pixels and red/green/blue levels, after bringing the reference to the portal image's size. */
    static double meanAbsoluteDifference(BufferedImage portal, BufferedImage reference) {
        BufferedImage a = rgb(portal, portal.getWidth(), portal.getHeight());
        BufferedImage b = rgb(reference, portal.getWidth(), portal.getHeight());
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    private static BufferedImage rgb(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    /** Writes the corpus and its reference renderings into {@code out} (emptied first); returns it. */
    static Path generate(Path out) throws IOException, InterruptedException {
        if (Files.exists(out)) {
            try (var files = Files.walk(out)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .map(Path::toFile)
                        .forEach(File::delete);
            }
        }
        String python = new File("/usr/bin/python3").canExecute() ? "/usr/bin/python3" : "python3";
        Process process = new ProcessBuilder(
                        python,
                        "src/test/python/reference_corpus.py",
                        out.toString(),
                        IDENTITY.patientId(),
                        IDENTITY.issuer(),
                        "19800101",
                        UID_ROOT)
                .redirectErrorStream(true)
                .redirectOutput(Path.of(out + ".log").toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("reference_corpus.py failed; see " + out + ".log (needs python3-pydicom, python3-numpy)")
                .isZero();
        return out;
    }

    static void store(Path corpus, JsonNode generated) throws IOException, InterruptedException {
        URI instances = URI.create(OrthancSupport.shared().restUrl() + "/instances");
        for (JsonNode c : generated.get("cases")) {
            Path file = corpus.resolve(c.get("file").asString());
            // A new client per file: Orthanc closes idle keep-alive connections after one second.
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(instances)
                                .POST(HttpRequest.BodyPublishers.ofFile(file))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            }
        }
    }
}
