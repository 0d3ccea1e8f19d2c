package org.xrayportal.system;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The portal's message bundles as files: {@code messages.properties} (English, the fallback) and every translation
 * {@code messages_xx.properties} beside it, read the way Spring reads them (UTF-8).
 */
record MessageBundles(String name, Path file, Properties messages) {

    static final Path RESOURCES = Path.of("src/main/resources");

    /** Every bundle, English first. */
    static List<MessageBundles> all() {
        try (Stream<Path> files = Files.list(RESOURCES)) {
            List<Path> paths = files.filter(
                            file -> file.getFileName().toString().matches("messages(_[a-z]{2,3})?\\.properties"))
                    .sorted()
                    .toList();
            List<MessageBundles> bundles = new ArrayList<>();
            for (Path path : paths) {
                bundles.add(new MessageBundles(path.getFileName().toString(), path, load(path)));
            }
            return bundles;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MessageBundles english() {
        return all().getFirst();
    }

    /** The keys in the order written, duplicates included (Properties keeps only the last of a duplicated key). */
    List<String> writtenKeys() {
        try {
            List<String> keys = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String stripped = line.stripLeading();
                if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith("!")) {
                    continue;
                }
                keys.add(stripped.split("[=:]", 2)[0].strip());
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private static Properties load(Path path) {
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
