package org.xrayportal.imaging.demo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A report and a PDF for the demo, so a newcomer sees the report page and a document download: a Basic Text SR (PS3.3
 * A.35.1) with findings and an impression, and an Encapsulated PDF (PS3.3 A.45.1) holding a one-page referral letter,
 * both in Jürgen Müller's knee study ({@code mueller-knee-2024}). They are seeded only on the demo path
 * ({@link LocalPacsEnvironmentPostProcessor}, used by {@code ./run-demo}), not in the tests' shared PACS, whose studies'
 * series counts tests rely on. UIDs are derived from names like the demo studies', so seeding twice stores nothing new.
 */
public final class DemoDocuments {

    public static final String BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11";
    public static final String ENCAPSULATED_PDF = "1.2.840.10008.5.1.4.1.1.104.1";

    public static final String REPORT_TITLE = "Radiology report";
    public static final String FINDINGS = "Bones of the left knee are intact; no fracture or dislocation. The joint"
            + " space of the medial compartment is slightly narrowed, with small marginal osteophytes. No effusion.";
    public static final String IMPRESSION =
            "Mild osteoarthritis of the medial compartment of the left knee. No acute" + " bony injury.";
    public static final String NOTE = "Demo report: synthetic content written for the portal's demo, not a diagnosis.";
    public static final String LETTER_TITLE = "Referral letter";

    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT);

    /** Where the demo's report and letter are: the study, and the series and instance UIDs of each. */
    public record Placed(String studyUid, String reportSeries, String reportUid, String pdfSeries, String pdfUid) {}

    private DemoDocuments() {}

    /** The demo's two documents, in Jürgen Müller's knee study. */
    public static List<byte[]> forDemo() {
        DemoStudies.Study knee = DemoStudies.byKey("mueller-knee-2024");
        return objects(
                knee.patient(),
                knee.studyInstanceUid(),
                knee.date(),
                knee.accessionNumber(),
                knee.key(),
                knee.description());
    }

    /** Where {@link #forDemo()} puts them. */
    public static Placed demoPlace() {
        DemoStudies.Study knee = DemoStudies.byKey("mueller-knee-2024");
        return place(knee.studyInstanceUid(), knee.key());
    }

    /** Where {@link #objects} puts the documents of {@code key}. */
    public static Placed place(String studyUid, String key) {
        return new Placed(
                studyUid,
                DemoStudies.uid("series/" + key + "/report"),
                DemoStudies.uid("instance/" + key + "/report/1"),
                DemoStudies.uid("series/" + key + "/letter"),
                DemoStudies.uid("instance/" + key + "/letter/1"));
    }

    /** The report and the letter as Part-10 files in {@code studyUid} of {@code patient}; {@code key} names the UIDs. */
    public static List<byte[]> objects(
            DemoStudies.Patient patient, String studyUid, LocalDate date, String accession, String key) {
        return objects(patient, studyUid, date, accession, key, null);
    }

    /**
     * The same, carrying the study's description as a PACS's own report would: Orthanc takes a study's attributes from
     * the instance it received last, so documents without it left the demo's knee study "(no description)".
     */
    public static List<byte[]> objects(
            DemoStudies.Patient patient,
            String studyUid,
            LocalDate date,
            String accession,
            String key,
            String studyDescription) {
        Placed at = place(studyUid, key);
        List<byte[]> files = new ArrayList<>();
        files.add(header(patient, studyUid, date, accession, BASIC_TEXT_SR, at.reportSeries(), at.reportUid(), 90, "SR")
                .textIfPresent(0x00081030, "LO", studyDescription)
                .text(0x0008103E, "LO", REPORT_TITLE)
                .text(0x0040A040, "CS", "CONTAINER")
                .sequence(0x0040A043, code("18748-4", "LN", REPORT_TITLE))
                .text(0x0040A050, "CS", "SEPARATE")
                .text(0x0040A491, "CS", "COMPLETE")
                .text(0x0040A493, "CS", "VERIFIED")
                .sequence(
                        0x0040A730,
                        textItem("121071", "Finding", FINDINGS),
                        textItem("121073", "Impression", IMPRESSION),
                        textItem("121106", "Comment", NOTE))
                .toPart10(BASIC_TEXT_SR, at.reportUid()));
        byte[] pdf = letterPdf();
        files.add(header(patient, studyUid, date, accession, ENCAPSULATED_PDF, at.pdfSeries(), at.pdfUid(), 91, "DOC")
                .textIfPresent(0x00081030, "LO", studyDescription)
                .text(0x0008103E, "LO", LETTER_TITLE)
                .encapsulatedPdf(LETTER_TITLE, pdf)
                .toPart10(ENCAPSULATED_PDF, at.pdfUid()));
        return files;
    }

    /** A one-page PDF letter (PDF 1.4, Helvetica, with a correct cross-reference table). */
    public static byte[] letterPdf() {
        String text = "BT /F1 16 Tf 72 760 Td (" + LETTER_TITLE + ") Tj ET\n"
                + "BT /F1 11 Tf 72 730 Td (Dear colleague, please see Mr Mueller about his left knee.) Tj ET\n"
                + "BT /F1 11 Tf 72 712 Td (Demo letter: synthetic content for the portal's demo.) Tj ET\n";
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                        + " /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + text.length() + " >>\nstream\n" + text + "endstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        var out = new ByteArrayOutputStream();
        write(out, "%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(out.size());
            write(out, (i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n");
        }
        int xref = out.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (int offset : offsets) {
            table.append(String.format(Locale.ROOT, "%010d 00000 n \n", offset));
        }
        write(out, table.toString());
        write(out, "trailer\n<< /Size " + (objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static DicomWriter header(
            DemoStudies.Patient patient,
            String studyUid,
            LocalDate date,
            String accession,
            String sopClass,
            String series,
            String sop,
            int seriesNumber,
            String modality) {
        DicomWriter dicom = new DicomWriter()
                .text(0x00080005, "CS", "ISO_IR 192")
                .text(0x00080016, "UI", sopClass)
                .text(0x00080018, "UI", sop)
                .text(0x00080020, "DA", DA.format(date))
                .text(0x00080023, "DA", DA.format(date))
                .text(0x00080030, "TM", TM.format(LocalTime.of(9, 0)))
                .text(0x00080060, "CS", modality)
                .text(0x00080070, "LO", "X-ray portal demo");
        if (accession != null) {
            dicom.text(0x00080050, "SH", accession);
        }
        dicom.text(0x00100010, "PN", patient.name())
                .text(0x00100020, "LO", patient.patientId())
                .text(0x00100021, "LO", patient.issuer());
        if (patient.birthDate() != null) {
            dicom.text(0x00100030, "DA", DA.format(patient.birthDate()));
        }
        return dicom.text(0x00100040, "CS", patient.sex())
                .text(0x0020000D, "UI", studyUid)
                .text(0x0020000E, "UI", series)
                .text(0x00200011, "IS", Integer.toString(seriesNumber))
                .text(0x00200013, "IS", "1");
    }

    private static DicomWriter code(String value, String scheme, String meaning) {
        return new DicomWriter()
                .text(0x00080100, "SH", value)
                .text(0x00080102, "SH", scheme)
                .text(0x00080104, "LO", meaning);
    }

    private static DicomWriter textItem(String value, String meaning, String text) {
        return new DicomWriter()
                .text(0x0040A010, "CS", "CONTAINS")
                .text(0x0040A040, "CS", "TEXT")
                .sequence(0x0040A043, code(value, "DCM", meaning))
                .text(0x0040A160, "UT", text);
    }
}
