package org.xrayportal.shared;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Compares a name staff typed (or a patient claimed) with a DICOM person name (PS3.5 6.2, {@code
 * Family^Given^Middle^Prefix^Suffix}, alphabetic group before any {@code =}): case-, accent- and order-insensitively, so
 * that "Jürgen Müller" matches {@code Müller^Jürgen}. Name prefixes and suffixes (Dr., Jr.) are ignored.
 */
public final class PersonNames {

    private PersonNames() {}

    public static boolean sameName(String typed, String dicomPersonName) {
        if (typed == null || dicomPersonName == null) {
            return false;
        }
        String[] a = tokens(typed);
        String[] b = tokens(dicomName(dicomPersonName));
        return a.length > 0 && Arrays.equals(a, b);
    }

    /**
     * As {@link #readable}, for a page or a caption: never null ("" without a name), and a value without name
     * components ({@code ^^^}) as it is.
     */
    public static String display(String dicomPersonName) {
        if (dicomPersonName == null || dicomPersonName.isBlank()) {
            return "";
        }
        String name = readable(dicomPersonName);
        return name.isEmpty() ? dicomPersonName.strip() : name;
    }

    /** The name a person reads: "Given Middle Family" from {@code Family^Given^Middle^Prefix^Suffix}. */
    public static String readable(String dicomPersonName) {
        if (dicomPersonName == null) {
            return null;
        }
        String[] parts = alphabetic(dicomPersonName).split("\\^", -1);
        StringBuilder name = new StringBuilder();
        for (int i : new int[] {3, 1, 2, 0, 4}) {
            if (i < parts.length && !parts[i].isBlank()) {
                name.append(name.isEmpty() ? "" : " ").append(parts[i].strip());
            }
        }
        return name.toString();
    }

    private static String dicomName(String pn) {
        String[] parts = alphabetic(pn).split("\\^", -1);
        return String.join(" ", Arrays.copyOf(parts, Math.min(parts.length, 3)));
    }

    private static String alphabetic(String pn) {
        int group = pn.indexOf('=');
        return group < 0 ? pn : pn.substring(0, group);
    }

    private static String[] tokens(String name) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "")
                .replace('ø', 'o')
                .replace('Ø', 'O')
                .replace('ł', 'l')
                .replace('Ł', 'L')
                .replace("ß", "ss")
                .toLowerCase(Locale.ROOT);
        return Arrays.stream(plain.split("[\\s^,.'’-]+"))
                .filter(t -> !t.isEmpty())
                .sorted()
                .toArray(String[]::new);
    }
}
