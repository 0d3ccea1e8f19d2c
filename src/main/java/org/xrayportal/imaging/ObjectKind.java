package org.xrayportal.imaging;

/**
 * What a DICOM object is to a patient, from its SOP Class (PS3.4 annex B) and whether it has pixel data: an image to
 * view, or a document to list (never a broken image).
 */
public enum ObjectKind {
    IMAGE,
    /** Structured report (SR) or key object selection: text, not pixels. */
    REPORT,
    /** Encapsulated PDF. */
    PDF,
    /** A presentation state: display instructions for other images, nothing to show on its own. */
    PRESENTATION_STATE,
    /** Anything else without pixel data (encapsulated CDA, header-only objects, raw data, ...). */
    OTHER_DOCUMENT;

    private static final String STORAGE = "1.2.840.10008.5.1.4.1.1.";

    static ObjectKind of(String sopClassUid, Integer rows, Integer columns) {
        if (sopClassUid != null && sopClassUid.startsWith(STORAGE)) {
            String rest = sopClassUid.substring(STORAGE.length());
            if (rest.startsWith("88.")) {
                return REPORT;
            }
            if (rest.equals("104.1")) {
                return PDF;
            }
            if (rest.startsWith("11.")) {
                return PRESENTATION_STATE;
            }
            if (rest.startsWith("104.") || rest.startsWith("66") || rest.startsWith("9.")) {
                return OTHER_DOCUMENT; // encapsulated CDA/STL, raw data and registrations, waveforms
            }
        }
        // Header-only: the PACS reports no image matrix for it.
        return rows == null && columns == null ? OTHER_DOCUMENT : IMAGE;
    }
}
