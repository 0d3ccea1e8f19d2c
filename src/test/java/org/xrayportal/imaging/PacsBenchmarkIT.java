package org.xrayportal.imaging;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.support.BenchmarkReport;
import org.xrayportal.support.OrthancSupport;

/**
 * Latency of a study search and of a rendered frame through the gateway versus straight from Orthanc, in one run on
 * one machine. Not a test (no thresholds); run it with
 * {@code ./mvnw -B -ntp verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=PacsBenchmarkIT
 * -Dbenchmark=true}. Replaces its section of {@code docs/benchmarks.md}.
 */
@ExtendWith(OrthancSupport.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class PacsBenchmarkIT {

    private static final int WARMUP = 50;
    private static final int RUNS = 300;

    @Test
    void gatewayVersusDirect(OrthancSupport.Pacs pacs) throws Exception {
        DemoStudies.Study chest = DemoStudies.byKey("mueller-chest-2021");
        DemoStudies.Series pa = chest.series().getFirst();
        String study = chest.studyInstanceUid();
        String series = chest.seriesInstanceUid(pa);
        String instance = chest.sopInstanceUid(pa, 1);
        PatientIdentity identity = PatientIdentity.of("1001", DemoStudies.ISSUER_A);
        RenderOptions options = RenderOptions.jpeg(256, 256);
        URI base = pacs.dicomWebUrl();
        PacsProperties properties = TestPacsProperties.forBaseUrl(base);
        PacsGateway gateway = new DicomWebPacsGateway(properties);
        PacsGateway uncached = new DicomWebPacsGateway(TestPacsProperties.from(properties)
                .ownershipCacheTtl(Duration.ZERO)
                .build());

        List<String[]> rows = new ArrayList<>();
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            URI search = URI.create(base + "/studies?PatientID=1001&IssuerOfPatientID=" + DemoStudies.ISSUER_A
                    + "&fuzzymatching=false&includefield=00100021&includefield=00081030");
            URI frame = URI.create(base + "/studies/" + study + "/series/" + series + "/instances/" + instance
                    + "/frames/1/rendered?viewport=256,256");
            rows.add(measure("Study search, direct QIDO-RS", () -> get(http, search, "application/dicom+json")));
            rows.add(measure(
                    "Study search, through the gateway",
                    () -> gateway.searchStudies(identity, DateRange.ANY).size()));
            rows.add(measure("Rendered frame 256x256 JPEG, direct WADO-RS", () -> get(http, frame, "image/jpeg")));
            rows.add(measure(
                    "Rendered frame, gateway (ownership cached)",
                    () -> gateway.renderFrame(identity, study, series, instance, 1, options)
                            .size()));
            rows.add(measure(
                    "Rendered frame, gateway (ownership checked every time: +3 QIDO)",
                    () -> uncached.renderFrame(identity, study, series, instance, 1, options)
                            .size()));
        }
        write(rows);
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
        return BenchmarkReport.measure(name, WARMUP, RUNS, 2, call);
    }

    private static void write(List<String[]> rows) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("## PACS gateway vs Orthanc directly\n\n");
        md.append("Measured ").append(ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        md.append(" on this machine (").append(Runtime.getRuntime().availableProcessors());
        md.append(" cores, Java ").append(Runtime.version()).append(", load average ");
        md.append(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        md.append(") against the Debian Orthanc ");
        md.append("seeded with the demo studies, one client thread, ")
                .append(WARMUP)
                .append(" warm-up and ");
        md.append(RUNS).append(" measured calls each, in one JVM run. Milliseconds per call.\n\n");
        md.append("| operation | p50 | p95 | mean |\n|---|---:|---:|---:|\n");
        for (String[] row : rows) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append("\nReproduce: `./mvnw -B -ntp verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false ");
        md.append("-Dit.test=PacsBenchmarkIT -Dbenchmark=true` (replaces this section).\n");
        BenchmarkReport.replaceSection("pacs-gateway", md.toString());
    }
}
