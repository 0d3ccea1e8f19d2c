package org.xrayportal.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One published version of the terms of access. The body is plain text so that admins can edit it without markup
 * and nothing in it can inject HTML: blank lines separate paragraphs, {@code ## } starts a heading and {@code - } a
 * list item.
 */
public record ConsentDocument(int version, String title, String body, Instant effectiveFrom, Instant publishedAt) {

    /** A piece of the body for the page: a heading, a paragraph or a list. */
    public record Block(Kind kind, String text, List<String> items) {
        public enum Kind {
            HEADING,
            PARAGRAPH,
            LIST
        }
    }

    public List<Block> blocks() {
        return blocksOf(body);
    }

    /** The same plain-text format for the clinic's other texts ({@link ClinicText}). */
    static List<Block> blocksOf(String body) {
        List<Block> blocks = new ArrayList<>();
        List<String> items = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        for (String raw : body.split("\\R", -1)) {
            String line = raw.strip();
            if (line.startsWith("- ")) {
                flushParagraph(paragraph, blocks);
                items.add(line.substring(2).strip());
                continue;
            }
            flushList(items, blocks);
            if (line.isEmpty()) {
                flushParagraph(paragraph, blocks);
            } else if (line.startsWith("## ")) {
                flushParagraph(paragraph, blocks);
                blocks.add(new Block(Block.Kind.HEADING, line.substring(3).strip(), List.of()));
            } else {
                paragraph.append(paragraph.isEmpty() ? "" : " ").append(line);
            }
        }
        flushList(items, blocks);
        flushParagraph(paragraph, blocks);
        return blocks;
    }

    private static void flushParagraph(StringBuilder paragraph, List<Block> blocks) {
        if (!paragraph.isEmpty()) {
            blocks.add(new Block(Block.Kind.PARAGRAPH, paragraph.toString(), List.of()));
            paragraph.setLength(0);
        }
    }

    private static void flushList(List<String> items, List<Block> blocks) {
        if (!items.isEmpty()) {
            blocks.add(new Block(Block.Kind.LIST, null, List.copyOf(items)));
            items.clear();
        }
    }
}
