package org.xrayportal.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM and by every PostgreSQL and Orthanc process on the machine (Linux {@code /proc},
 * user + system, clock ticks of 10 ms), for benchmarks that report CPU per request beside the latency (issue 14,
 * deliver 5). Other processes of those names running at the same time are counted too: measure on a quiet machine.
 *
 * @param jvmNanos this JVM: the portal under test and the benchmark's own HTTP client
 * @param postgresNanos every process named {@code postgres}
 * @param orthancNanos every process named {@code Orthanc}
 */
public record ProcessCpu(long jvmNanos, long postgresNanos, long orthancNanos) {

    private static final long NANOS_PER_TICK = 10_000_000L;

    public static ProcessCpu now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long postgres = 0;
        long orthanc = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes
                    .filter(p -> p.getFileName().toString().matches("[0-9]+"))
                    .toList()) {
                String stat;
                try {
                    stat = Files.readString(process.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open) {
                    continue;
                }
                String name = stat.substring(open + 1, close);
                if (!name.equals("postgres") && !name.equals("Orthanc")) {
                    continue;
                }
                // Fields after the name: state is field 3, utime field 14, stime field 15 (proc(5)).
                String[] fields = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                if (name.equals("postgres")) {
                    postgres += ticks * NANOS_PER_TICK;
                } else {
                    orthanc += ticks * NANOS_PER_TICK;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        return new ProcessCpu(jvm, postgres, orthanc);
    }

    /** The CPU used between {@code before} and this reading, in milliseconds per call of {@code calls}. */
    public String[] perCall(ProcessCpu before, int calls) {
        return new String[] {
            String.format(java.util.Locale.ROOT, "%.2f", (jvmNanos - before.jvmNanos) / 1e6 / calls),
            String.format(java.util.Locale.ROOT, "%.2f", (postgresNanos - before.postgresNanos) / 1e6 / calls),
            String.format(java.util.Locale.ROOT, "%.2f", (orthancNanos - before.orthancNanos) / 1e6 / calls)
        };
    }
}
