package org.xrayportal.audit;

import java.io.IOException;
import java.io.Writer;

/**
 * RFC 4180 CSV, with cells that a spreadsheet would run as a formula ({@code = + - @}, tab, carriage return at the
 * start) prefixed with {@code '} (OWASP "CSV injection"): audit rows hold text typed by anyone, e.g. a failed sign-in
 * name.
 */
final class Csv {

    private Csv() {}

    static void row(Writer out, Object... cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells[i]));
        }
        out.write("\r\n");
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && !(value instanceof Number) && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
