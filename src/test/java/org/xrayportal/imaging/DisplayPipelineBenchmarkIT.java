package org.xrayportal.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xrayportal.imaging.demo.DicomWriter;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.support.BenchmarkReport;
import org.xrayportal.support.OrthancSupport;

/**
 * The display pipeline decision (docs/decisions/0011) measured: a 2500x2048, 14-of-16-bit DX with its own window,
 * rendered to a 1024 px JPEG (a) by Orthanc with explicit parameters ({@code /rendered?window=c,w,linear}), the path
 * the portal used before, and (b) by the portal from the frame's pixel data ({@code /frames/1} uncompressed, then
 * modality LUT, VOI, presentation, scaling and JPEG encoding in Java), the path it uses now for greyscale; plus
 * time to first image (ownership checks, attributes and the first frame with cold caches). Same machine, one run.
 */
@ExtendWith(OrthancSupport.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class DisplayPipelineBenchmarkIT {

    private static final int WARMUP = 10;
    private static final int RUNS = 60;
    private static final int COLUMNS = 2500;
    private static final int ROWS = 2048;
    private static final String ROOT = "1.2.826.0.1.3680043.8.498.4712";
    private static final String STUDY = ROOT + ".1";
    private static final String SERIES = ROOT + ".2";
    private static final String INSTANCE = ROOT + ".3";
    private static final PatientIdentity IDENTITY = new PatientIdentity("BENCH-DISPLAY-1", null);

    @Test
    void pacsRenderingVersusPortalRendering(OrthancSupport.Pacs pacs) throws Exception {
        store(pacs);
        String base = pacs.dicomWebUrl().toString();
        PacsProperties properties = TestPacsProperties.forBaseUrl(pacs.dicomWebUrl());
        String instancePath = "studies/" + STUDY + "/series/" + SERIES + "/instances/" + INSTANCE;
        RenderOptions options = RenderOptions.jpeg(1024, 1024).withQuality(90);
        RenderOptions explicit = options.withWindow(7000, 9000);
        URI direct = URI.create(base + "/" + instancePath + "/frames/1/rendered?window=7000,9000,linear"
                + "&viewport=1024,1024&quality=90");
        URI directFrame = URI.create(base + "/" + instancePath + "/frames/1");
        DicomWebPacsGateway gateway = new DicomWebPacsGateway(properties);
        gateway.listInstances(IDENTITY, STUDY, SERIES);

        List<String[]> rows = new ArrayList<>();
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            rows.add(measure(
                    "Orthanc directly: `/rendered` with explicit window, 1024 px JPEG",
                    () -> get(http, direct, "image/jpeg")));
            rows.add(
                    measure(
                            "Orthanc directly: `/frames/1` uncompressed (10 MB of pixel data)",
                            () -> get(
                                    http,
                                    directFrame,
                                    "multipart/related; type=\"application/octet-stream\"; transfer-syntax=1.2.840.10008.1.2.1")));
        }
        rows.add(measure(
                "Before: gateway asks the PACS to render (a), explicit window",
                () -> gateway.renderedByPacs(instancePath, 1, explicit).size()));
        rows.add(measure("(b) portal renders from pixel data: `/frames/1` + LUTs + scaling + JPEG", () -> {
            DisplayAttributes a = gateway.displayAttributes(instancePath);
            return ImageEncoding.encode(
                            ImageEncoding.fit(
                                    GreyscaleRenderer.render(a, gateway.frameBytes(instancePath, 1, a), options),
                                    options),
                            options)
                    .size();
        }));
        rows.add(measure(
                "After, default view (this image: MONOCHROME2, LINEAR window, so (a) with the aspect-exact viewport)",
                () -> gateway.renderFrame(IDENTITY, STUDY, SERIES, INSTANCE, 1, options)
                        .size()));
        rows.add(measure("After, \"brighter\" preset ((b)), pixel data fetched", () -> {
            gateway.forgetFramePixels();
            return gateway.renderFrame(IDENTITY, STUDY, SERIES, INSTANCE, 1, options.withPreset(DisplayPreset.BRIGHTER))
                    .size();
        }));
        rows.add(measure(
                "After, another preset of the same image (its pixel data kept from the one before)",
                () -> gateway.renderFrame(
                                IDENTITY, STUDY, SERIES, INSTANCE, 1, options.withPreset(DisplayPreset.DARKER))
                        .size()));
        rows.add(measure("First image before: cold gateway, ownership + PACS render", () -> {
            DicomWebPacsGateway cold = new DicomWebPacsGateway(properties);
            cold.listInstances(IDENTITY, STUDY, SERIES);
            return cold.renderedByPacs(instancePath, 1, explicit).size();
        }));
        rows.add(measure("First image after: cold gateway, ownership + metadata + default view", () -> {
            DicomWebPacsGateway cold = new DicomWebPacsGateway(properties);
            cold.listInstances(IDENTITY, STUDY, SERIES);
            return cold.renderFrame(IDENTITY, STUDY, SERIES, INSTANCE, 1, options)
                    .size();
        }));
        DisplayAttributes attributes = gateway.displayAttributes(instancePath);
        byte[] frame = gateway.frameBytes(instancePath, 1, attributes);
        rows.add(measure(
                "Of which the portal's own work: LUTs, scaling, JPEG encoding (no HTTP)",
                () -> ImageEncoding.encode(
                                ImageEncoding.fit(GreyscaleRenderer.render(attributes, frame, options), options),
                                options)
                        .size()));
        write(rows);
    }

    private static void store(OrthancSupport.Pacs pacs) throws IOException, InterruptedException {
        short[] pixels = new short[COLUMNS * ROWS];
        for (int y = 0; y < ROWS; y++) {
            for (int x = 0; x < COLUMNS; x++) {
                double dx = (x - COLUMNS / 2.0) / (COLUMNS * 0.4);
                double dy = (y - ROWS / 2.0) / (ROWS * 0.45);
                double body = Math.max(0, 1 - Math.sqrt(dx * dx + dy * dy));
                pixels[y * COLUMNS + x] = (short) (2000 + body * 9000 + (x % 97) * 5);
            }
        }
        byte[] dicom = new DicomWriter()
                .text(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.1.1")
                .text(0x00080018, "UI", INSTANCE)
                .text(0x00080020, "DA", "20250101")
                .text(0x00080060, "CS", "DX")
                .text(0x00081030, "LO", "Display benchmark")
                .text(0x00100010, "PN", "Bench^Display")
                .text(0x00100020, "LO", IDENTITY.patientId())
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
                .toPart10("1.2.840.10008.5.1.4.1.1.1.1", INSTANCE);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(pacs.restUrl() + "/instances"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(dicom))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
    }

    private static int get(HttpClient http, URI uri, String accept) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(uri).header("Accept", accept).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " for " + uri);
        }
        return response.body().length;
    }

    private static String[] measure(String name, Callable<Integer> call) throws Exception {
        return BenchmarkReport.measure(name, WARMUP, RUNS, 1, call);
    }

    private static void write(List<String[]> rows) throws IOException {
        StringBuilder md =
                new StringBuilder("## Display pipeline: PACS rendering (before) vs portal rendering (after)");
        md.append("\n\nMeasured ").append(ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        md.append(" on this machine (").append(Runtime.getRuntime().availableProcessors());
        md.append(" cores, Java ").append(Runtime.version()).append(", load average ");
        md.append(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        md.append(") against the tests' Debian Orthanc, in one JVM run: one ")
                .append(COLUMNS)
                .append('x')
                .append(ROWS);
        md.append(" DX (14 of 16 bits, own window) to a 1024 px JPEG (quality 90), one client, ");
        md.append(WARMUP).append(" warm-up and ").append(RUNS).append(" measured calls each. Milliseconds.\n\n");
        md.append("| operation | p50 | p95 | mean |\n|---|---:|---:|---:|\n");
        for (String[] row : rows) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append("\nReproduce: `./mvnw -B -ntp verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false ");
        md.append("-Dit.test=DisplayPipelineBenchmarkIT -Dbenchmark=true` (replaces this section).\n");
        BenchmarkReport.replaceSection("display-pipeline", md.toString());
    }
}
