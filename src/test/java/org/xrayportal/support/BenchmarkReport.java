package org.xrayportal.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
