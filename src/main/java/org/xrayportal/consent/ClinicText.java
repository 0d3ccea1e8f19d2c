package org.xrayportal.consent;

import java.time.Instant;
import java.util.List;

/**
 * One published version of a text the clinic writes for patients besides the terms (issue 16): the notice beside
 * every image or the help page, in one language. Versions count per kind and language; published versions never
 * change. The body is plain text in the terms' format ({@link ConsentDocument#blocks()}).
 *
 * @param summary the notice's one sentence always in sight inside the viewer; null for the help page
 */
public record ClinicText(
        Kind kind, String language, int version, String title, String summary, String body, Instant publishedAt) {

    public enum Kind {
        /** The notice beside every image, in print and on the saved picture. */
        NOTICE,
        /** The page "About your images". */
        HELP
    }

    public List<ConsentDocument.Block> blocks() {
        return ConsentDocument.blocksOf(body);
    }

    /** The body's paragraphs and list items as plain lines, for a picture's caption. */
    public List<String> lines() {
        return blocks().stream()
                .flatMap(block -> block.kind() == ConsentDocument.Block.Kind.LIST
                        ? block.items().stream()
                        : java.util.stream.Stream.of(block.text()))
                .toList();
    }

    /** How the audit trail names the version shown, e.g. {@code es/3}. */
    public String reference() {
        return language + "/" + version;
    }
}
