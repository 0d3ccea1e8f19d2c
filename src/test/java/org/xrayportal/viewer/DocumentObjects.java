package org.xrayportal.viewer;

import org.xrayportal.imaging.demo.DicomWriter;

/**
 * Non-image DICOM objects for the document tests (DocumentsIT, ReportPageIT): the header of a report or PDF object in
 * a test's own study, and the coded items of a structured report's content tree (PS3.3 C.17.3).
 */
final class DocumentObjects {

    static final String BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11";
    static final String ENCAPSULATED_PDF = "1.2.840.10008.5.1.4.1.1.104.1";

    private DocumentObjects() {}

    /** Patient, study, series and SOP identification of one object (UTF-8), as a writer to add the content to. */
    static DicomWriter header(
            String patientId,
            String issuer,
            String study,
            String sopClass,
            String series,
            String sop,
            int seriesNumber,
            String modality) {
        return new DicomWriter()
                .text(0x00080005, "CS", "ISO_IR 192")
                .text(0x00080016, "UI", sopClass)
                .text(0x00080018, "UI", sop)
                .text(0x00080060, "CS", modality)
                .text(0x00100020, "LO", patientId)
                .text(0x00100021, "LO", issuer)
                .text(0x0020000D, "UI", study)
                .text(0x0020000E, "UI", series)
                .text(0x00200011, "IS", Integer.toString(seriesNumber))
                .text(0x00200013, "IS", "1");
    }

    /** A DCM-coded concept (code value, scheme, meaning). */
    static DicomWriter code(String value, String meaning) {
        return new DicomWriter()
                .text(0x00080100, "SH", value)
                .text(0x00080102, "SH", "DCM")
                .text(0x00080104, "LO", meaning);
    }

    /** A TEXT content item contained in its parent. */
    static DicomWriter text(String code, String name, String value) {
        return new DicomWriter()
                .text(0x0040A010, "CS", "CONTAINS")
                .text(0x0040A040, "CS", "TEXT")
                .sequence(0x0040A043, code(code, name))
                .text(0x0040A160, "UT", value);
    }
}
