package org.xrayportal.imaging;

import java.util.ArrayList;
import java.util.List;
import org.xrayportal.shared.PersonNames;
import tools.jackson.databind.JsonNode;

/**
 * The readable text of a structured report (DICOM PS3.3 C.17.3 SR Document Content): its title (the root concept
 * name), whether a clinician verified it, and its content tree as a list of headings (CONTAINER items) and named values
 * (TEXT, CODE, NUM with its unit, DATE, TIME, DATETIME, PNAME, UIDREF), each with its depth in the tree. References to
 * images or other objects are shown as such, never followed. The tree is read from the instance's WADO-RS metadata.
 */
public record StructuredReport(String title, boolean verified, boolean complete, List<Item> items) {

    /** Deeper trees and longer reports are cut (a report a patient reads is far smaller). */
    static final int MAX_DEPTH = 16;

    static final int MAX_ITEMS = 5_000;

    /**
     * One content item: a heading ({@code value == null}) or a named value; {@code name} may be null for an unnamed
     * value. {@code kind} is the DICOM Value Type (CONTAINER, TEXT, CODE, NUM, ..., IMAGE, COMPOSITE).
     */
    public record Item(int depth, String kind, String name, String value) {

        public boolean heading() {
            return "CONTAINER".equals(kind);
        }

        /** A reference to an image or another object, which the report page names but does not show. */
        public boolean reference() {
            return "IMAGE".equals(kind) || "COMPOSITE".equals(kind) || "WAVEFORM".equals(kind);
        }
    }

    static final String VALUE_TYPE = "0040A040";
    static final String CONCEPT_NAME = "0040A043";
    static final String CONTENT_SEQUENCE = "0040A730";
    static final String TEXT_VALUE = "0040A160";
    static final String CONCEPT_CODE = "0040A168";
    static final String MEASURED_VALUE = "0040A300";
    static final String NUMERIC_VALUE = "0040A30A";
    static final String UNITS = "004008EA";
    static final String CODE_VALUE = "00080100";
    static final String CODE_MEANING = "00080104";
    static final String DATE = "0040A121";
    static final String TIME = "0040A122";
    static final String DATETIME = "0040A120";
    static final String PERSON_NAME = "0040A123";
    static final String UID = "0040A124";
    static final String VERIFICATION_FLAG = "0040A493";
    static final String COMPLETION_FLAG = "0040A491";

    /** The report of one instance's metadata. */
    static StructuredReport of(DicomJson.Dataset root) {
        List<Item> items = new ArrayList<>();
        children(root.node(), 1, items);
        return new StructuredReport(
                codeMeaning(root.node(), CONCEPT_NAME),
                "VERIFIED".equals(root.string(VERIFICATION_FLAG)),
                "COMPLETE".equals(root.string(COMPLETION_FLAG)),
                List.copyOf(items));
    }

    private static void children(JsonNode parent, int depth, List<Item> items) {
        if (depth > MAX_DEPTH) {
            return;
        }
        for (JsonNode child : sequence(parent, CONTENT_SEQUENCE)) {
            if (items.size() >= MAX_ITEMS) {
                return;
            }
            DicomJson.Dataset item = new DicomJson.Dataset(child);
            String kind = item.string(VALUE_TYPE);
            if (kind == null) {
                continue; // a by-reference relationship: nothing to read
            }
            items.add(new Item(depth, kind, codeMeaning(child, CONCEPT_NAME), value(item, kind)));
            children(child, depth + 1, items);
        }
    }

    private static String value(DicomJson.Dataset item, String kind) {
        return switch (kind) {
            case "TEXT" -> item.string(TEXT_VALUE);
            case "CODE" -> codeMeaning(item.node(), CONCEPT_CODE);
            case "NUM" -> {
                List<JsonNode> measured = sequence(item.node(), MEASURED_VALUE);
                if (measured.isEmpty()) {
                    yield null;
                }
                DicomJson.Dataset m = new DicomJson.Dataset(measured.getFirst());
                String number = m.string(NUMERIC_VALUE);
                List<JsonNode> units = sequence(measured.getFirst(), UNITS);
                String unit = units.isEmpty() ? null : new DicomJson.Dataset(units.getFirst()).string(CODE_VALUE);
                yield number == null ? null : unit == null || "1".equals(unit) ? number : number + " " + unit;
            }
            case "DATE" -> item.string(DATE);
            case "TIME" -> item.string(TIME);
            case "DATETIME" -> item.string(DATETIME);
            case "PNAME" -> {
                String name = item.string(PERSON_NAME);
                yield name == null ? null : PersonNames.display(name);
            }
            case "UIDREF" -> item.string(UID);
            default -> null;
        };
    }

    private static String codeMeaning(JsonNode node, String sequenceTag) {
        List<JsonNode> codes = sequence(node, sequenceTag);
        return codes.isEmpty() ? null : new DicomJson.Dataset(codes.getFirst()).string(CODE_MEANING);
    }

    private static List<JsonNode> sequence(JsonNode node, String tag) {
        JsonNode attribute = node.get(tag);
        JsonNode values = attribute == null || !attribute.isObject() ? null : attribute.get("Value");
        List<JsonNode> items = new ArrayList<>();
        if (values != null && values.isArray()) {
            for (JsonNode v : values) {
                if (v.isObject()) {
                    items.add(v);
                }
            }
        }
        return items;
    }
}
