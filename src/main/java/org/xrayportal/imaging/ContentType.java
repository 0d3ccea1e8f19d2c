package org.xrayportal.imaging;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A media type as a PACS sends it in {@code Content-Type} (RFC 9110 8.3.1, RFC 2046): type and subtype compared
 * without case, parameter names without case, values quoted or not. Read leniently, because real DICOMweb servers
 * send unquoted values that strict token rules reject ({@code type=application/dicom}, a boundary containing {@code :}
 * or {@code =}): an unquoted value runs to the next {@code ;}, a quoted one to its closing quote, with {@code \}
 * escapes.
 */
record ContentType(String type, String subtype, Map<String, String> parameters) {

    ContentType {
        parameters = Map.copyOf(parameters);
    }

    /** {@code null} when the text has no {@code type/subtype}. */
    static ContentType parse(String text) {
        if (text == null) {
            return null;
        }
        int semicolon = text.indexOf(';');
        String essence = (semicolon < 0 ? text : text.substring(0, semicolon)).strip();
        int slash = essence.indexOf('/');
        if (slash <= 0 || slash == essence.length() - 1) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = semicolon < 0 ? text.length() : semicolon + 1;
        while (i < text.length()) {
            int end = i;
            while (end < text.length() && text.charAt(end) != ';' && text.charAt(end) != '=') {
                end++;
            }
            String name = text.substring(i, end).strip().toLowerCase(Locale.ROOT);
            if (end >= text.length() || text.charAt(end) == ';') {
                i = end + 1; // a parameter without a value: ignored
                continue;
            }
            int v = end + 1;
            while (v < text.length() && (text.charAt(v) == ' ' || text.charAt(v) == '\t')) {
                v++;
            }
            StringBuilder value = new StringBuilder();
            if (v < text.length() && text.charAt(v) == '"') {
                v++;
                while (v < text.length() && text.charAt(v) != '"') {
                    char c = text.charAt(v);
                    if (c == '\\' && v + 1 < text.length()) {
                        c = text.charAt(++v);
                    }
                    value.append(c);
                    v++;
                }
                // skip the closing quote and anything up to the next parameter
                while (v < text.length() && text.charAt(v) != ';') {
                    v++;
                }
            } else {
                int start = v;
                while (v < text.length() && text.charAt(v) != ';') {
                    v++;
                }
                value.append(text, start, v);
            }
            if (!name.isEmpty()) {
                parameters.putIfAbsent(name, value.toString().strip());
            }
            i = v + 1;
        }
        return new ContentType(
                essence.substring(0, slash).strip().toLowerCase(Locale.ROOT),
                essence.substring(slash + 1).strip().toLowerCase(Locale.ROOT),
                parameters);
    }

    boolean is(String type, String subtype) {
        return this.type.equals(type) && this.subtype.equals(subtype);
    }

    /** The parameter's value, or {@code null}; the name is compared without case. */
    String parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }
}
