package org.xrayportal.viewer;

import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;
import org.xrayportal.access.AccessScope;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.imaging.demo.LocalOrthanc;
import org.xrayportal.security.PortalUser;
import org.xrayportal.support.BenchmarkReport;
import org.xrayportal.support.ClosedLoopLoad;
import org.xrayportal.support.PacsContextInitializer;
import org.xrayportal.support.PostgresContextInitializer;
import org.xrayportal.support.ProcessCpu;

/**
 * The capacity load test of issue 13, driven by {@link ClosedLoopLoad} (or {@code wrk} with {@code src/test/resources/loadtest/mix.lua}, {@code -Dloadtest.client=wrk}): onboarded
 * patients (linked, consenting, with a grant), each signed in several times, doing study list → study page → every
 * image's first frame, at {@code -Dloadtest.sessions} (200) concurrent sessions for {@code -Dloadtest.seconds} (60),
 * first against Orthanc directly with the equivalent DICOMweb requests, then through the portal, in one run against
 * the same Orthanc at its default connection limit. The portal's frame cache is off so that every frame is rendered
 * by the PACS on both sides. Not a test (no thresholds); run with {@code scripts/loadtest}. Replaces its own section
 * of {@code docs/benchmarks.md}.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = "portal.viewer.frame-cache-size=0")
@ContextConfiguration(
        initializers = {PostgresContextInitializer.class, PacsContextInitializer.class, LoadTestIT.ProductionPool.class
        })
@Import(ViewerFixtures.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class LoadTestIT {

    private static final Logger log = LoggerFactory.getLogger(LoadTestIT.class);
    private static final int FRAME_SIZE = 1024;
    private static final boolean USE_WRK = "wrk".equals(System.getProperty("loadtest.client"));
    /** Whether the test Orthanc runs at its default connection limit (the comparison). */
    private static final boolean DEFAULT_PACS = LocalOrthanc.HTTP_THREADS == LocalOrthanc.DEFAULT_HTTP_THREADS;

    /** The shared test setup keeps pools at 4 connections; this measures the configured production pool instead. */
    static class ProductionPool implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Map<String, Object> production = new LinkedHashMap<>();
            production.put("spring.datasource.hikari.maximum-pool-size", "${PORTAL_DB_POOL_SIZE:40}");
            production.put("spring.datasource.hikari.minimum-idle", "${PORTAL_DB_POOL_SIZE:40}");
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("loadTestPool", production));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ViewerFixtures fixtures;

    @Autowired
    Environment environment;

    @Autowired
    MeterRegistry meters;

    @Test
    void portalVersusDirectUnderLoad() throws Exception {
        int sessions = Integer.getInteger("loadtest.sessions", 200);
        int seconds = Integer.getInteger("loadtest.seconds", 60);
        String portal = "http://localhost:" + port;
        String pacs = environment.getRequiredProperty("portal.pacs.base-url").replaceAll("/+$", "");
        URI pacsUri = URI.create(pacs);
        String pacsRoot = pacsUri.getScheme() + "://" + pacsUri.getAuthority();
        String pacsPath = pacsUri.getPath();

        List<DemoStudies.Patient> patients = linkablePatients();
        List<PortalUser> accounts = onboard(patients);

        List<String> portalLines = new ArrayList<>();
        List<String> directLines = new ArrayList<>();
        List<Integer> perSession = new ArrayList<>();
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int s = 0; s < sessions; s++) {
                int which = s % accounts.size();
                DemoStudies.Patient identity = patients.get(which);
                String cookie = ViewerFixtures.signInOverHttp(
                        http, portal, accounts.get(which).email());
                List<DemoStudies.Study> studies = DemoStudies.of(identity);
                DemoStudies.Study study = studies.get((s / accounts.size()) % studies.size());
                int before = portalLines.size();
                // The study page's visit cookie, which a browser sends with that study's frames: the view audit records
                // each series once per visit, not once per frame.
                String visit = visitCookie(http, portal, cookie, study.studyInstanceUid());
                addIteration(portalLines, directLines, cookie, visit, identity, study, pacsPath);
                perSession.add(portalLines.size() - before);
            }
            // Every line answers 200 before the run, so that errors in the run are the load's.
            check(http, portal, portalLines.subList(0, Math.min(portalLines.size(), 50)));
            check(http, pacsRoot, directLines.subList(0, Math.min(directLines.size(), 50)));
        }

        // Step-major order (every session's list, then every session's study page, then the frames): each session
        // walks list → study → frames in that order, and requests in flight together belong to different sessions,
        // as with patients each in their own browser.
        portalLines = interleave(portalLines, perSession);
        directLines = interleave(directLines, perSession);
        Path dir = Files.createDirectories(Path.of("target", "loadtest"));
        Path portalFile = Files.write(dir.resolve("portal.tsv"), portalLines);
        Path directFile = Files.write(dir.resolve("direct.tsv"), directLines);

        warmUp(pacsRoot, directFile, portal, portalFile, sessions);
        String loadBefore = loadAverage();
        Map<String, Long> direct = load(pacsRoot, directFile, sessions, seconds);
        Timer usage = meters.get("hikaricp.connections.usage").timer();
        long usageCount = usage.count();
        double usageNanos = usage.totalTime(TimeUnit.NANOSECONDS);
        AtomicLong maxPending = new AtomicLong();
        AtomicLong maxActive = new AtomicLong();
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxPending.accumulateAndGet(
                        (long) meters.get("hikaricp.connections.pending")
                                .gauge()
                                .value(),
                        Math::max);
                maxActive.accumulateAndGet(
                        (long) meters.get("hikaricp.connections.active").gauge().value(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Map<String, double[]> kindsBefore = requestKinds();
        Map<String, Long> through = load(portal, portalFile, sessions, seconds);
        String kinds = kindsDuring(kindsBefore, requestKinds());
        sampler.interrupt();
        String loadAfter = loadAverage();
        long borrows = usage.count() - usageCount;
        double holdMs = borrows == 0 ? 0 : (usage.totalTime(TimeUnit.NANOSECONDS) - usageNanos) / borrows / 1e6;
        String pool = String.format(
                Locale.ROOT,
                "Database pool during the portal run: %d connections configured, %d borrows (%.1f per request), "
                        + "mean hold %.1f ms, at most %d in use and %d requests waiting at once (sampled every 100 ms).",
                Integer.parseInt(environment.getRequiredProperty("spring.datasource.hikari.maximum-pool-size")),
                borrows,
                (double) borrows / Math.max(1, through.get("requests")),
                holdMs,
                maxActive.get(),
                maxPending.get());
        write(sessions, seconds, portalLines.size(), direct, through, loadBefore, loadAfter, pool + "\n\n" + kinds);
    }

    /**
     * Issue 14's first figure: the study list with 32 users at once (each a signed-in session of one of the onboarded
     * patients) against the same study search sent to Orthanc directly (QIDO-RS by PatientID and issuer), 30 s each
     * ({@code -Dloadtest.list.seconds}). Part of {@code scripts/benchmark}; replaces its own section.
     */
    @Test
    void studyListAt32Users() throws Exception {
        int users = 32;
        int seconds = Integer.getInteger("loadtest.list.seconds", 30);
        String portal = "http://localhost:" + port;
        URI pacsUri = URI.create(
                environment.getRequiredProperty("portal.pacs.base-url").replaceAll("/+$", ""));
        String pacsRoot = pacsUri.getScheme() + "://" + pacsUri.getAuthority();
        List<DemoStudies.Patient> patients = linkablePatients();
        List<PortalUser> accounts = onboard(patients);
        List<String> portalLines = new ArrayList<>();
        List<String> directLines = new ArrayList<>();
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int u = 0; u < users; u++) {
                DemoStudies.Patient identity = patients.get(u % accounts.size());
                String cookie = ViewerFixtures.signInOverHttp(
                        http, portal, accounts.get(u % accounts.size()).email());
                portalLines.add("/patient/studies\tCookie\t" + cookie);
                directLines.add(pacsUri.getPath() + "/studies?PatientID=" + encode(identity.patientId())
                        + "&fuzzymatching=false&IssuerOfPatientID=" + encode(identity.issuer())
                        + "&limit=501\tAccept\tapplication/dicom+json");
            }
            check(http, portal, portalLines);
            check(http, pacsRoot, directLines);
        }
        Path dir = Files.createDirectories(Path.of("target", "loadtest"));
        Path directFile = Files.write(dir.resolve("list-direct.tsv"), directLines);
        Path portalFile = Files.write(dir.resolve("list-portal.tsv"), portalLines);
        warmUp(pacsRoot, directFile, portal, portalFile, users);
        String loadBefore = loadAverage();
        ProcessCpu beforeDirect = ProcessCpu.now();
        Map<String, Long> direct = load(pacsRoot, directFile, users, seconds);
        ProcessCpu beforePortal = ProcessCpu.now();
        Map<String, Long> through = load(portal, portalFile, users, seconds);
        ProcessCpu afterPortal = ProcessCpu.now();
        String loadAfter = loadAverage();
        String[] directCpu =
                beforePortal.perCall(beforeDirect, (int) (long) direct.getOrDefault("sent", direct.get("requests")));
        String[] portalCpu =
                afterPortal.perCall(beforePortal, (int) (long) through.getOrDefault("sent", through.get("requests")));

        StringBuilder md = new StringBuilder("## Study list, 32 users at once: portal vs Orthanc directly\n\n");
        md.append("Measured ").append(ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        md.append(" on this machine (").append(Runtime.getRuntime().availableProcessors());
        md.append(" cores, load average ")
                .append(loadBefore)
                .append(" before and ")
                .append(loadAfter);
        md.append(" after). ").append(client(users)).append(" for ").append(seconds);
        md.append(
                " s each after " + Integer.getInteger("loadtest.warmup", 15)
                        + " s of warm-up on each, first Orthanc directly, then the portal: each connection one signed-in patient (");
        md.append(accounts.size()).append(" onboarded patients) asking for the study list again and again; directly, ");
        md.append("the same QIDO-RS study search by PatientID and issuer. Latency in milliseconds.\n\n");
        md.append(
                "| target | requests | requests/s | p50 | p95 | p99 | max | errors (connect/read/write/status/timeout) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        md.append(row("Orthanc directly", direct));
        md.append(row("Portal", through));
        md.append(String.format(
                Locale.ROOT,
                "%nPortal / direct: p95 %.2f× (goal ≤ 1.25×), throughput %.2f×, errors %d.%n",
                (double) through.get("p95_us") / direct.get("p95_us"),
                rate(through) / rate(direct),
                errors(through)));
        md.append(String.format(
                Locale.ROOT,
                "%nCPU per request, milliseconds (user + system from /proc over each run; the test JVM is the portal and"
                        + " the load's own client, so the direct run's JVM column is what the client alone costs): directly"
                        + " JVM %s, PostgreSQL %s, Orthanc %s; through the portal JVM %s, PostgreSQL %s, Orthanc %s.%n",
                directCpu[0],
                directCpu[1],
                directCpu[2],
                portalCpu[0],
                portalCpu[1],
                portalCpu[2]));
        md.append("\nReproduce: `scripts/benchmark`, or `./mvnw -B -ntp verify -Dtest=NONE ");
        md.append(
                "-Dsurefire.failIfNoSpecifiedTests=false -Dit.test='LoadTestIT#studyListAt32Users' -Dbenchmark=true` ");
        md.append("(replaces this section).\n");
        BenchmarkReport.replaceSection("study-list-32", md.toString());
        log.info("\n{}", md);
    }

    private static List<String> interleave(List<String> lines, List<Integer> perSession) {
        List<List<String>> walks = new ArrayList<>();
        int at = 0;
        for (int n : perSession) {
            walks.add(lines.subList(at, at + n));
            at += n;
        }
        List<String> ordered = new ArrayList<>(lines.size());
        int longest = perSession.stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int step = 0; step < longest; step++) {
            for (List<String> walk : walks) {
                if (step < walk.size()) {
                    ordered.add(walk.get(step));
                }
            }
        }
        return ordered;
    }

    /** One session's walk: the study list, one study's page, and the first frame of each of its images. */
    private static void addIteration(
            List<String> portal,
            List<String> direct,
            String cookie,
            String visit,
            DemoStudies.Patient identity,
            DemoStudies.Study study,
            String pacsPath) {
        String uid = study.studyInstanceUid();
        String json = "Accept\tapplication/dicom+json";
        portal.add("/patient/studies\tCookie\t" + cookie);
        direct.add(pacsPath + "/studies?PatientID="
                + encode(identity.patientId().replace('*', '?')) + "&fuzzymatching=false&IssuerOfPatientID="
                + encode(identity.issuer()) + "&limit=501\t" + json);
        portal.add("/patient/studies/" + uid + "\tCookie\t" + cookie);
        direct.add(pacsPath + "/studies/" + uid + "/series\t" + json);
        for (DemoStudies.Series series : study.series()) {
            for (int n = 1; n <= series.instances(); n++) {
                String frame = "/studies/" + uid + "/series/" + study.seriesInstanceUid(series) + "/instances/"
                        + study.sopInstanceUid(series, n) + "/frames/1";
                portal.add("/patient" + frame + "?size=" + FRAME_SIZE + "\tCookie\t" + cookie + "; " + visit);
                direct.add(pacsPath + frame + "/rendered?viewport=" + FRAME_SIZE + "," + FRAME_SIZE
                        + "\tAccept\timage/jpeg");
            }
        }
    }

    /** Opens the study page once as {@code cookie}'s session and returns its visit cookie ({@code name=value}). */
    private static String visitCookie(HttpClient http, String portal, String cookie, String studyUid) throws Exception {
        HttpResponse<Void> page = http.send(
                HttpRequest.newBuilder(URI.create(portal + "/patient/studies/" + studyUid))
                        .header("Cookie", cookie)
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        return page.headers().allValues("Set-Cookie").stream()
                .map(value -> value.split(";", 2)[0])
                .filter(value -> value.startsWith(ViewAudit.VISIT_COOKIE + "="))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("no visit cookie from the study page: " + page.statusCode()));
    }

    /** The demo patients an account can be linked to (MRN*7 cannot: the identity rules refuse wildcards, issue 10). */
    private static List<DemoStudies.Patient> linkablePatients() {
        return DemoStudies.patients().stream()
                .filter(p -> !p.patientId().contains("*"))
                .toList();
    }

    /** One consenting account per patient, each with a grant for all their studies. */
    private List<PortalUser> onboard(List<DemoStudies.Patient> patients) {
        List<PortalUser> accounts = new ArrayList<>();
        for (DemoStudies.Patient identity : patients) {
            PortalUser patient = fixtures.consentingPatient(identity);
            fixtures.grant(patient, AccessScope.allStudies(), null);
            accounts.add(patient);
        }
        return accounts;
    }

    /** Count and total seconds of the portal's {@code http.server.requests} per URI template so far. */
    private Map<String, double[]> requestKinds() {
        Map<String, double[]> kinds = new java.util.TreeMap<>();
        for (Timer timer : meters.find("http.server.requests").timers()) {
            String uri = timer.getId().getTag("uri");
            double[] sum = kinds.computeIfAbsent(uri == null ? "?" : uri, k -> new double[2]);
            sum[0] += timer.count();
            sum[1] += timer.totalTime(TimeUnit.SECONDS);
        }
        // The PACS calls behind them (the gateway's meters are global: Metrics.globalRegistry).
        for (Timer timer : io.micrometer.core.instrument.Metrics.globalRegistry
                .find("portal.pacs.calls")
                .timers()) {
            String name = "PACS " + timer.getId().getTag("operation") + " ("
                    + timer.getId().getTag("outcome") + ")";
            double[] sum = kinds.computeIfAbsent(name, k -> new double[2]);
            sum[0] += timer.count();
            sum[1] += timer.totalTime(TimeUnit.SECONDS);
        }
        return kinds;
    }

    /** The portal's time per request kind during the measured run: where its minute went. */
    private static String kindsDuring(Map<String, double[]> before, Map<String, double[]> after) {
        StringBuilder md = new StringBuilder(
                "Portal time per request kind during the run (Spring's `http.server.requests`, by URI template) and the PACS "
                        + "calls behind them (`portal.pacs.calls`, by operation and outcome, retries included):\n\n");
        md.append("| request | count | mean ms |\n|---|---:|---:|\n");
        after.forEach((uri, sum) -> {
            double[] was = before.getOrDefault(uri, new double[2]);
            double count = sum[0] - was[0];
            if (count > 0) {
                md.append(String.format(
                        Locale.ROOT, "| `%s` | %.0f | %.1f |%n", uri, count, (sum[1] - was[1]) * 1000 / count));
            }
        });
        return md.toString();
    }

    /**
     * Both targets serve the mix for {@code -Dloadtest.warmup} seconds (15) before anything is measured, results
     * discarded: a fresh JVM runs its first seconds interpreted (a 10 s cold run of the study list measured a quarter
     * of the warm throughput), and the comparison is of the two servers warm.
     */
    private static void warmUp(String pacsRoot, Path directFile, String portal, Path portalFile, int connections)
            throws IOException, InterruptedException {
        int seconds = Integer.getInteger("loadtest.warmup", 15);
        if (seconds > 0) {
            load(pacsRoot, directFile, connections, seconds);
            load(portal, portalFile, connections, seconds);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void check(HttpClient http, String root, List<String> lines) throws Exception {
        for (String line : lines) {
            String[] parts = line.split("\t", 3);
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(URI.create(root + parts[0]))
                            .header(parts[1], parts[2])
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " before the run for " + parts[0]);
            }
        }
    }

    /**
     * The client: {@link ClosedLoopLoad} by default, which counts a request's wait for a connection the server has not
     * accepted yet; {@code -Dloadtest.client=wrk} for wrk and {@code mix.lua}, which does not (see {@link
     * ClosedLoopLoad}).
     */
    private static Map<String, Long> load(String root, Path lines, int connections, int seconds)
            throws IOException, InterruptedException {
        if (USE_WRK) {
            return wrk(root, lines, connections, seconds);
        }
        List<ClosedLoopLoad.Line> requests = Files.readAllLines(lines).stream()
                .map(ClosedLoopLoad.Line::parse)
                .toList();
        Map<String, Long> result = ClosedLoopLoad.run(root, requests, connections, Duration.ofSeconds(seconds));
        log.info("{} with {} clients: {}", root, connections, result);
        return result;
    }

    /** How the load is described in the report. */
    private static String client(int connections) {
        return USE_WRK
                ? "`wrk` with " + connections + " connections"
                : connections + " closed-loop clients (`support.ClosedLoopLoad`: each sends its next request when its "
                        + "last is answered; a request's time includes waiting for a connection the server has not "
                        + "accepted yet, which wrk leaves out)";
    }

    private static Map<String, Long> wrk(String root, Path lines, int connections, int seconds)
            throws IOException, InterruptedException {
        Path script = Path.of("src", "test", "resources", "loadtest", "mix.lua");
        List<String> command = List.of(
                "wrk",
                "-t",
                "2",
                "-c",
                Integer.toString(connections),
                "-d",
                seconds + "s",
                "--timeout",
                "30s",
                "-s",
                script.toString(),
                root,
                "--",
                lines.toAbsolutePath().toString());
        log.info("Running {}", String.join(" ", command));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        log.info("wrk:\n{}", output);
        Matcher result = Pattern.compile("^RESULT (.*)$", Pattern.MULTILINE).matcher(output);
        if (!result.find()) {
            throw new IllegalStateException("no RESULT line from wrk:\n" + output);
        }
        Map<String, Long> values = new LinkedHashMap<>();
        for (String pair : result.group(1).trim().split(" ")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], Math.round(Double.parseDouble(kv[1])));
        }
        return values;
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static void write(
            int sessions,
            int seconds,
            int lines,
            Map<String, Long> direct,
            Map<String, Long> portal,
            String loadBefore,
            String loadAfter,
            String pool)
            throws IOException {
        StringBuilder md = new StringBuilder("## Load: " + sessions + " patient sessions, portal vs Orthanc directly"
                + (DEFAULT_PACS ? "" : " (Orthanc with `HttpThreadsCount` " + LocalOrthanc.HTTP_THREADS + ")")
                + "\n\n");
        md.append("Measured ").append(ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS));
        md.append(" on this machine (").append(Runtime.getRuntime().availableProcessors());
        md.append(" cores, load average ").append(loadBefore);
        md.append(" before and ").append(loadAfter).append(" after). ").append(client(sessions));
        md.append(" for ")
                .append(seconds)
                .append(" s each after " + Integer.getInteger("loadtest.warmup", 15)
                        + " s of warm-up on each, first Orthanc directly, then the portal, ");
        md.append("against the same Debian Orthanc at ")
                .append(
                        DEFAULT_PACS
                                ? "its default `HttpThreadsCount` of " + LocalOrthanc.DEFAULT_HTTP_THREADS
                                : "`HttpThreadsCount` " + LocalOrthanc.HTTP_THREADS);
        md.append(". Each of the ");
        md.append(sessions).append(" signed-in sessions (5 onboarded patients, each signed in ");
        md.append(sessions / 5).append(" times) walks study list → study page → first frame (1024 px) of every ");
        md.append("image of one study (").append(lines).append(" requests in the mix). The direct mix is the same ");
        md.append("walk as DICOMweb requests: QIDO study search, QIDO series list, WADO-RS rendered frame. The ");
        md.append("portal's frame cache is off, so every frame is rendered anew on both sides (by Orthanc directly; ");
        md.append("through the portal by the portal's own pipeline from the PACS's pixel data, or by Orthanc where ");
        md.append(
                "that is exact; the pixel data it fetched stay in its 48 MiB, 2-minute decoded-frame memory, as in production); the portal also runs its session, access policy, ownership checks and audit rows ");
        md.append(
                "in PostgreSQL, and each session's frames carry the visit cookie its study page set, as a browser's ");
        md.append("do (one series view recorded per visit). Latency in milliseconds.\n\n");
        md.append(
                "| target | requests | requests/s | p50 | p95 | p99 | max | errors (connect/read/write/status/timeout) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        md.append(row("Orthanc directly", direct));
        md.append(row("Portal", portal));
        double throughputRatio = rate(portal) / rate(direct);
        double p95Ratio = (double) portal.get("p95_us") / direct.get("p95_us");
        md.append(String.format(
                Locale.ROOT,
                "%nPortal / direct: throughput %.2f× (goal ≥ 0.8×), p95 %.2f× (goal ≤ 1.5×), errors %d (goal 0).%n",
                throughputRatio,
                p95Ratio,
                errors(portal)));
        md.append('\n').append(pool).append('\n');
        md.append(
                "\nReproduce: `scripts/loadtest` (`LOADTEST_SESSIONS`, `LOADTEST_SECONDS`, `ORTHANC_HTTP_THREADS` to change; replaces ");
        md.append("this section).\n");
        // The 200 sessions have their own section; other sizes get one each, next to it.
        String section = sessions == 200 ? "loadtest" : "loadtest-" + sessions;
        if (!DEFAULT_PACS) {
            section += "-orthanc-threads-" + LocalOrthanc.HTTP_THREADS;
        }
        BenchmarkReport.replaceSection(section, md.toString());
        log.info("\n{}", md);
    }

    private static String row(String name, Map<String, Long> r) {
        return String.format(
                Locale.ROOT,
                "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %d (%d/%d/%d/%d/%d) |%n",
                name,
                r.get("requests"),
                rate(r),
                r.get("p50_us") / 1000.0,
                r.get("p95_us") / 1000.0,
                r.get("p99_us") / 1000.0,
                r.get("max_us") / 1000.0,
                errors(r),
                r.get("connect"),
                r.get("read"),
                r.get("write"),
                r.get("status"),
                r.get("timeout"));
    }

    private static double rate(Map<String, Long> r) {
        return r.get("requests") / (r.get("duration_us") / 1_000_000.0);
    }

    private static long errors(Map<String, Long> r) {
        return r.get("connect") + r.get("read") + r.get("write") + r.get("status") + r.get("timeout");
    }
}
