package org.xrayportal.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.xrayportal.DemoPortal;

/**
 * The real portal ({@link DemoPortal}: the application with the {@code demo} profile, on the test classpath) in a JVM
 * of its own, started with the JVM options a test chooses (e.g. a small heap), on its own embedded PostgreSQL as the
 * application starts one when no database URL is set. The test reaches it over HTTP on {@link #port()} and reads its
 * heap over JMX ({@link #heap()}). Its output goes to a log file under {@code target/}; {@link #close()} stops it
 * (SIGTERM, a graceful shutdown).
 */
public final class PortalProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final int port;
    private final int jmxPort;
    private final Path log;
    private JMXConnector jmx;
    private Heap heap;

    private PortalProcess(Process process, int port, int jmxPort, Path log) {
        this.process = process;
        this.port = port;
        this.jmxPort = jmxPort;
        this.log = log;
    }

    /**
     * Starts the portal and returns at once, so the test can prepare other things (e.g. store a study in the PACS)
     * while it boots; {@link #awaitReady()} waits for it.
     *
     * @param jvmOptions e.g. {@code -Xmx256m}
     * @param properties Spring properties as {@code name=value}, passed as command-line arguments
     */
    public static PortalProcess start(String name, List<String> jvmOptions, List<String> properties)
            throws IOException {
        int port = freePort();
        int jmxPort = freePort();
        Path log = Files.createDirectories(Path.of("target")).resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // e.g. -Dportal.process.jvm-options="-XX:StartFlightRecording=filename=target/portal.jfr" to profile the portal
        String extra = System.getProperty("portal.process.jvm-options", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of(
                "-Xshare:off",
                "--enable-native-access=ALL-UNNAMED",
                "-Dcom.sun.management.jmxremote.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false",
                "-cp",
                System.getProperty("java.class.path"),
                DemoPortal.class.getName(),
                "--server.port=" + port,
                "--management.endpoint.health.probes.enabled=true"));
        properties.forEach(p -> command.add("--" + p));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new PortalProcess(process, port, jmxPort, log);
    }

    /**
     * Waits until the portal is ready for traffic (its runners, which seed the demo accounts, have run) and connects
     * to its JMX agent.
     */
    public PortalProcess awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (readiness(port) != 200) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        "The portal exited with " + process.exitValue() + " while starting:\n" + logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The portal was not ready within " + START_TIMEOUT + ":\n" + logTail());
            }
            Thread.sleep(250);
        }
        jmx = JMXConnectorFactory.connect(
                new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
        heap = new Heap(jmx.getMBeanServerConnection());
        return this;
    }

    public int port() {
        return port;
    }

    /** The portal's heap; after {@link #awaitReady()}. */
    public Heap heap() {
        if (heap == null) {
            throw new IllegalStateException("awaitReady() first");
        }
        return heap;
    }

    /** CPU time the portal's process has used so far (user and system, all its threads), as the OS reports it. */
    public java.time.Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Whether the portal still answers: alive, and its readiness probe says it accepts traffic. */
    public boolean answers() {
        return process.isAlive() && readiness(port) == 200;
    }

    /** The last lines of the portal's output, for assertion messages. */
    public String logTail() {
        return tail(log);
    }

    @Override
    public void close() {
        try {
            if (jmx != null) {
                jmx.close();
            }
        } catch (IOException e) {
            // the process is stopped below either way
        }
        stop(process);
    }

    /** The child's heap as its own platform MXBeans see it. */
    public static final class Heap {

        private final MemoryMXBean memory;
        private final List<MemoryPoolMXBean> pools = new ArrayList<>();

        Heap(MBeanServerConnection connection) throws IOException {
            this.memory = ManagementFactory.newPlatformMXBeanProxy(
                    connection, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            try {
                for (ObjectName name : connection.queryNames(
                        new ObjectName(ManagementFactory.MEMORY_POOL_MXBEAN_DOMAIN_TYPE + ",*"), null)) {
                    MemoryPoolMXBean pool = ManagementFactory.newPlatformMXBeanProxy(
                            connection, name.toString(), MemoryPoolMXBean.class);
                    if (pool.getType() == MemoryType.HEAP) {
                        pools.add(pool);
                    }
                }
            } catch (javax.management.MalformedObjectNameException e) {
                throw new IllegalStateException(e);
            }
        }

        public long max() {
            return memory.getHeapMemoryUsage().getMax();
        }

        /** Heap in use right after a full collection: what the application really holds. */
        public long usedAfterGc() {
            memory.gc();
            return memory.getHeapMemoryUsage().getUsed();
        }

        /** Starts a new measurement of {@link #peak()} and {@link #peakOf(String)}. */
        public void resetPeaks() {
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        }

        /**
         * The sum of every heap pool's peak since {@link #resetPeaks()}: an upper bound of the heap's peak (the pools
         * may have peaked at different moments).
         */
        public long peak() {
            return pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        }

        /** The peak since {@link #resetPeaks()} of the heap pool whose name contains {@code name}, e.g. "Old Gen". */
        public long peakOf(String name) {
            return pools.stream()
                    .filter(p -> p.getName().contains(name))
                    .mapToLong(p -> p.getPeakUsage().getUsed())
                    .sum();
        }

        /** Current use of the heap pool whose name contains {@code name}. */
        public long usedOf(String name) {
            return pools.stream()
                    .filter(p -> p.getName().contains(name))
                    .mapToLong(p -> p.getUsage().getUsed())
                    .sum();
        }
    }

    private static int readiness(int port) {
        return HttpProbe.status(URI.create("http://localhost:" + port + "/actuator/health/readiness"));
    }

    private static void stop(Process process) {
        process.destroy(); // SIGTERM: a graceful shutdown, which also stops the embedded PostgreSQL
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
