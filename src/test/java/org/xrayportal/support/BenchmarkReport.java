package org.xrayportal.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code docs/benchmarks.md} holds one section per benchmark between markers; each benchmark replaces only its own
 * section, so running one keeps the others' results.
 */
public final class BenchmarkReport {

    private static final Path FILE = Path.of("docs/benchmarks.md");

    private BenchmarkReport() {}

    /** Replaces (or appends) the section called {@code name} with {@code markdown}. */
    public static void replaceSection(String name, String markdown) throws IOException {
        String start = "<!-- benchmark:" + name + ":start -->";
        String end = "<!-- benchmark:" + name + ":end -->";
        String section = start + "\n" + markdown.strip() + "\n" + end + "\n";
        String existing = Files.exists(FILE) ? Files.readString(FILE) : "# Benchmarks\n";
        Pattern old = Pattern.compile(Pattern.quote(start) + ".*?" + Pattern.quote(end) + "\\n?", Pattern.DOTALL);
        String updated = old.matcher(existing).find()
                ? old.matcher(existing).replaceFirst(Matcher.quoteReplacement(section))
                : existing.stripTrailing() + "\n\n" + section;
        Files.createDirectories(FILE.getParent());
        Files.writeString(FILE, updated);
    }

    /**
     * Calls {@code call} {@code warmup} times unmeasured, then {@code runs} times timed one after another: a table row
     * of the name, p50, p95 and mean in milliseconds with {@code decimals} decimals.
     */
    public static String[] measure(String name, int warmup, int runs, int decimals, Callable<?> call) throws Exception {
        for (int i = 0; i < warmup; i++) {
            call.call();
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            call.call();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0);
        String ms = "%." + decimals + "f";
        return new String[] {
            name,
            String.format(Locale.ROOT, ms, nanos[runs / 2] / 1e6),
            String.format(Locale.ROOT, ms, nanos[(int) (runs * 0.95)] / 1e6),
            String.format(Locale.ROOT, ms, mean / 1e6)
        };
    }
}
