package org.xrayportal.viewer;

import java.util.ArrayList;
import java.util.List;

/** A DICOM person name (PN) as a person reads it: "Müller^Anna^^Dr" becomes "Dr Anna Müller". */
final class PersonNames {

    private PersonNames() {}

    /** The alphabetic group (before any '='), given names first; empty when there is no name. */
    static String display(String dicomName) {
        if (dicomName == null || dicomName.isBlank()) {
            return "";
        }
        String alphabetic = dicomName.split("=", -1)[0];
        String[] parts = alphabetic.split("\\^", -1);
        // Family, given, middle, prefix, suffix (PS3.5 6.2.1.1).
        List<String> ordered = new ArrayList<>();
        add(ordered, parts, 3);
        add(ordered, parts, 1);
        add(ordered, parts, 2);
        add(ordered, parts, 0);
        add(ordered, parts, 4);
        String name = String.join(" ", ordered);
        return name.isEmpty() ? dicomName.strip() : name;
    }

    private static void add(List<String> to, String[] parts, int index) {
        if (index < parts.length && !parts[index].isBlank()) {
            to.add(parts[index].strip());
        }
    }
}
