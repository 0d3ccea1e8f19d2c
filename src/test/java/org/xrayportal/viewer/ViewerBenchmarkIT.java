package org.xrayportal.viewer;

import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.xrayportal.access.AccessScope;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.support.BenchmarkReport;
import org.xrayportal.support.PortalWithPacsTest;
import org.xrayportal.support.ProcessCpu;

/**
 * Time to the first image of a study page and per-frame latency through the portal (HTTP, session, access policy,
 * audit, cache) versus Orthanc directly, in one run on one machine. Not a test (no thresholds); run with
 * {@code ./mvnw -B -ntp verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ViewerBenchmarkIT
 * -Dbenchmark=true}. Replaces its own section of {@code docs/benchmarks.md}.
 */
@PortalWithPacsTest(webEnvironment = RANDOM_PORT)
@Import(ViewerFixtures.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ViewerBenchmarkIT {

    private static final int WARMUP = 300;
    private static final int RUNS = 200;
    private static final String SECTION = "## Viewer through the portal vs Orthanc directly";

    @LocalServerPort
    int port;

    @Autowired
    ViewerFixtures fixtures;

    @Autowired
    Environment environment;

    @Test
    void portalVersusDirect() throws Exception {
        PortalUser patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        fixtures.grant(patient, AccessScope.allStudies(), null);
        DemoStudies.Study knee = DemoStudies.byKey("mueller-knee-2024");
        DemoStudies.Series ap = knee.series().getFirst();
        String study = knee.studyInstanceUid();
        String series = knee.seriesInstanceUid(ap);
        String instance = knee.sopInstanceUid(ap, 1);
        String portal = "http://localhost:" + port;
        String pacs = environment.getRequiredProperty("portal.pacs.base-url").replaceAll("/+$", "");
        String framePath = "/studies/" + study + "/series/" + series + "/instances/" + instance + "/frames/1";

        List<String[]> rows = new ArrayList<>();
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String cookie = ViewerFixtures.signInOverHttp(http, portal, patient.email());
            URI page = URI.create(portal + "/patient/studies/" + study);
            URI portalFrame = URI.create(portal + "/patient" + framePath + "?size=1024");
            URI directFrame = URI.create(pacs + framePath + "/rendered?viewport=1024,1024&quality=90");
            URI directSeries = URI.create(pacs + "/studies/" + study + "/series");
            AtomicInteger window = new AtomicInteger(100);
            rows.add(measure(
                    "First image: study page + first frame, through the portal",
                    () -> get(http, page, cookie) + get(http, portalFrame, cookie)));
            rows.add(measure(
                    "First image: series list + first frame, Orthanc directly",
                    () -> get(http, directSeries, null) + get(http, directFrame, null)));
            rows.add(measure("Frame 1024 px, Orthanc directly (WADO-RS rendered)", () -> get(http, directFrame, null)));
            rows.add(measure(
                    "Frame 1024 px, portal, cached (access version + audit check each time)",
                    () -> get(http, portalFrame, cookie)));
            rows.add(measure(
                    "Frame 1024 px, portal, new window each time (cache miss)",
                    () -> get(http, URI.create(portalFrame + "&wc=" + window.incrementAndGet() + "&ww=3000"), cookie)));
        }
        write(rows);
    }

    private static int get(HttpClient http, URI uri, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (cookie != null) {
            request.header("Cookie", cookie);
        } else {
            request.header("Accept", uri.getPath().endsWith("/rendered") ? "image/jpeg" : "application/dicom+json");
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " for " + uri);
        }
        return response.body().length;
    }

    private static String[] measure(String name, Callable<Integer> call) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            call.call();
        }
        ProcessCpu before = ProcessCpu.now();
        String[] timing = BenchmarkReport.measure(name, 0, RUNS, 2, call);
        String[] cpu = ProcessCpu.now().perCall(before, RUNS);
        String[] row = java.util.Arrays.copyOf(timing, timing.length + cpu.length);
        System.arraycopy(cpu, 0, row, timing.length, cpu.length);
        return row;
    }

    private void write(List<String[]> rows) throws IOException {
        StringBuilder md = new StringBuilder(SECTION).append("\n\n");
        md.append("Measured ").append(ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        md.append(" on this machine (").append(Runtime.getRuntime().availableProcessors());
        md.append(" cores, load average ");
        md.append(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        md.append("): the whole portal over HTTP (session in PostgreSQL, access policy: its decision remembered");
        md.append(" behind the account's access version (portal.access.decision-cache-ttl = ");
        md.append(environment.getProperty("portal.access.decision-cache-ttl", "60s"));
        md.append("), audit check, frame cache) against the Debian Orthanc, one client, ")
                .append(WARMUP);
        md.append(" warm-up and ").append(RUNS).append(" measured calls each. Milliseconds; CPU is per call,");
        md.append(
                " user + system from /proc over the measured calls (10 ms ticks): the test JVM is the portal and the");
        md.append(" benchmark's own HTTP client (the direct rows show what the client alone costs), PostgreSQL and");
        md.append(" Orthanc are every process of that name on the machine.\n\n");
        md.append("| operation | p50 | p95 | mean | CPU: JVM | CPU: PostgreSQL | CPU: Orthanc |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String[] row : rows) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append("\nReproduce: `./mvnw -B -ntp verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false ");
        md.append("-Dit.test=ViewerBenchmarkIT -Dbenchmark=true` (replaces this section).\n");
        BenchmarkReport.replaceSection("viewer", md.toString());
    }
}
