package org.xrayportal.imaging.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Debian {@code Orthanc} binary with the DICOMweb plugin on free local ports, storage in a directory of its
 * own, and stops it on {@link #close()} (or when the JVM exits). For tests and the {@code demo} profile; production
 * points {@code portal.pacs.base-url} at the clinic's PACS.
 */
public final class LocalOrthanc implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/Orthanc");
    public static final Path DICOMWEB_PLUGIN = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");
    /** Debian's {@code orthanc-gdcm}: decodes JPEG 2000 and JPEG-LS for rendering; loaded only when installed. */
    public static final Path GDCM_PLUGIN = Path.of("/usr/share/orthanc/plugins/libOrthancGdcm.so");

    /**
     * GDCM decodes only JPEG 2000 (PS3.5 A.4.4/A.4.5); Orthanc's own decoders keep the other syntaxes. With GDCM
     * decoding every syntax, about 20 concurrent frame and rendering requests crashed Orthanc 1.10 (segfault) here;
     * restricted, 1,080 such requests in three rounds did not.
     */
    public static final String GDCM_SYNTAXES = "[\"1.2.840.10008.1.2.4.90\", \"1.2.840.10008.1.2.4.91\", "
            + "\"1.2.840.10008.1.2.4.92\", \"1.2.840.10008.1.2.4.93\"]";

    public static final String INSTALL_HINT = "apt-get install -y orthanc orthanc-dicomweb orthanc-gdcm";
    private static final String GDCM_HINT = "apt-get install -y orthanc-gdcm";

    private static final Logger log = LoggerFactory.getLogger(LocalOrthanc.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * How often a crashed Orthanc is started again in one run. Debian's Orthanc 1.10 with GDCM 3.0.21 has segfaulted in
     * libgdcmMSFF while decoding JPEG 2000 (kernel log, about once per few full test runs, even with GDCM throttled);
     * one crash then failed every later test of the run. Each restart is logged at ERROR with the end of Orthanc's log.
     */
    private static final int MAX_RESTARTS = 3;

    private volatile Process process;
    private volatile boolean closing;
    private int restarts;
    private final Path workDir;
    private final boolean deleteOnClose;
    private final int httpPort;
    private final Thread shutdownHook;

    private LocalOrthanc(Process process, Path workDir, boolean deleteOnClose, int httpPort) {
        this.process = process;
        this.workDir = workDir;
        this.deleteOnClose = deleteOnClose;
        this.httpPort = httpPort;
        this.shutdownHook = new Thread(() -> this.process.destroy(), "local-orthanc-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        restartWhenCrashed(process);
    }

    /** Starts Orthanc again, on the same ports and storage, when it exits without {@link #close()}. */
    private void restartWhenCrashed(Process watched) {
        watched.onExit().thenAccept(exited -> {
            synchronized (this) {
                if (closing || exited != process) {
                    return;
                }
                Path logFile = workDir.resolve("orthanc.log");
                log.error(
                        "Orthanc {} exited unexpectedly with status {}; last lines of {}:\n{}",
                        exited.pid(),
                        exited.exitValue(),
                        logFile,
                        tail(logFile, 30));
                if (restarts >= MAX_RESTARTS) {
                    log.error("Orthanc crashed {} times; not starting it again", restarts + 1);
                    return;
                }
                restarts++;
                try {
                    process = run(workDir.resolve("orthanc.json"), workDir, logFile);
                    log.error("Orthanc started again as {} (restart {} of {})", process.pid(), restarts, MAX_RESTARTS);
                    restartWhenCrashed(process);
                } catch (IllegalStateException e) {
                    log.error("Orthanc could not be started again", e);
                }
            }
        });
    }

    private static String tail(Path logFile, int lines) {
        try {
            var all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    public static boolean isInstalled() {
        return Files.isExecutable(BINARY) && Files.isReadable(DICOMWEB_PLUGIN);
    }

    /** Starts an Orthanc whose storage lives in a fresh temporary directory, deleted on close. */
    public static LocalOrthanc startTemporary() {
        try {
            return start(Files.createTempDirectory("orthanc-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts an Orthanc that keeps its storage in {@code storageDir} (created if needed, kept on close). */
    public static LocalOrthanc startPersistent(Path storageDir) {
        return start(storageDir, false);
    }

    private static LocalOrthanc start(Path workDir, boolean deleteOnClose) {
        if (!isInstalled()) {
            throw new IllegalStateException("Orthanc with its DICOMweb plugin is not installed (" + BINARY + ", "
                    + DICOMWEB_PLUGIN + "). Install it with: " + INSTALL_HINT);
        }
        IllegalStateException last = null;
        // Free ports are looked up and then bound by Orthanc: another process may win the race, so try again.
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return launch(workDir, deleteOnClose, freePort(), freePort());
            } catch (IllegalStateException e) {
                last = e;
                log.warn("Orthanc did not start (attempt {}): {}", attempt, e.getMessage());
            }
        }
        throw last;
    }

    private static LocalOrthanc launch(Path workDir, boolean deleteOnClose, int httpPort, int dicomPort) {
        Path storage = workDir.resolve("storage");
        Path config = workDir.resolve("orthanc.json");
        Path logFile = workDir.resolve("orthanc.log");
        try {
            Files.createDirectories(storage);
            Files.writeString(config, config(storage, httpPort, dicomPort));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process = run(config, workDir, logFile);
        LocalOrthanc orthanc = new LocalOrthanc(process, workDir, deleteOnClose, httpPort);
        orthanc.requireSystemEndpoint();
        log.info("Local Orthanc {} running at {} (storage {})", process.pid(), orthanc.restUrl(), storage);
        return orthanc;
    }

    /** Runs Orthanc with {@code config} and waits until it reports that it has started. */
    private static Process run(Path config, Path workDir, Path logFile) {
        Process process;
        try {
            process = new ProcessBuilder(BINARY.toString(), config.toString())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + BINARY + ": " + e.getMessage(), e);
        }
        CompletableFuture<Void> started = watchLog(process, logFile);
        try {
            started.get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return process;
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("Orthanc did not start; see " + logFile, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Orthanc", e);
        }
    }

    /** Appends Orthanc's output to a log file and completes when Orthanc reports that it has started. */
    private static CompletableFuture<Void> watchLog(Process process, Path logFile) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("orthanc-log-" + process.pid()).start(() -> {
            try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    Writer out =
                            Files.newBufferedWriter(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.write(line);
                    out.write('\n');
                    if (line.contains("Orthanc has started")) {
                        out.flush();
                        started.complete(null);
                    }
                }
            } catch (IOException e) {
                started.completeExceptionally(e);
            }
            started.completeExceptionally(new IllegalStateException("Orthanc exited with " + exitCode(process)));
        });
        return started;
    }

    private static String exitCode(Process process) {
        try {
            return Integer.toString(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown status";
        }
    }

    private void requireSystemEndpoint() {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(restUrl() + "/system"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Orthanc's /system answered HTTP " + response.statusCode());
            }
        } catch (IOException e) {
            close();
            throw new IllegalStateException("Orthanc started but does not answer on port " + httpPort, e);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Orthanc", e);
        }
    }

    /**
     * Orthanc's default, set explicitly: the portal's PACS bulkheads (portal.pacs.capacity, 36 calls in all) are sized
     * below it, and the load test measures against a PACS at its default limit (docs/pacs.md "Sizing"). {@code
     * -Dorthanc.http-threads} changes it, for a load test against an Orthanc that serves every client at once.
     */
    public static final int DEFAULT_HTTP_THREADS = 50;

    /** The test Orthanc's {@code HttpThreadsCount}: {@link #DEFAULT_HTTP_THREADS} unless {@code -Dorthanc.http-threads}. */
    public static final int HTTP_THREADS = Integer.getInteger("orthanc.http-threads", DEFAULT_HTTP_THREADS);

    static String config(Path storage, int httpPort, int dicomPort) {
        String dir = storage.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
        return """
                {
                  "Name": "XRAY-PORTAL-DEMO",
                  "HttpPort": %d,
                  "DicomPort": %d,
                  "DicomAet": "XRAYDEMO",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": false,
                  "SaveJobs": false,
                  "HttpThreadsCount": %d,
                  "DefaultEncoding": "Utf8",
                  "Plugins": [%s],
                  "Gdcm": { "Enable": true, "Throttling": 1, "RestrictTransferSyntaxes": %s },
                  "DicomWeb": { "Enable": true, "Root": "/dicom-web/", "EnableWado": false }
                }
                """.formatted(httpPort, dicomPort, dir, dir, HTTP_THREADS, plugins(), GDCM_SYNTAXES);
    }

    /**
     * The DICOMweb plugin, and GDCM when Debian's {@code orthanc-gdcm} is installed (without it JPEG 2000 cannot be
     * rendered; the portal then says so per image). Text comes back as UTF-8 whatever the files' character sets.
     */
    private static String plugins() {
        String plugins = "\"" + DICOMWEB_PLUGIN + "\"";
        if (Files.isReadable(GDCM_PLUGIN)) {
            plugins += ", \"" + GDCM_PLUGIN + "\"";
        } else {
            log.warn("{} is not installed: JPEG 2000 images cannot be rendered ({})", GDCM_PLUGIN, GDCM_HINT);
        }
        return plugins;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The running Orthanc process (a new one after a crash). */
    ProcessHandle processHandle() {
        return process.toHandle();
    }

    /** Orthanc's own REST API, e.g. {@code http://localhost:PORT}. */
    public URI restUrl() {
        return URI.create("http://localhost:" + httpPort);
    }

    /** The DICOMweb root, for {@code portal.pacs.base-url}. */
    public URI dicomWebUrl() {
        return URI.create(restUrl() + "/dicom-web");
    }

    @Override
    public void close() {
        Process process;
        synchronized (this) {
            closing = true;
            process = this.process;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run; nothing to remove
        }
        if (deleteOnClose) {
            deleteRecursively(workDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("Could not delete {}: {}", dir, e.getMessage());
        }
    }
}
