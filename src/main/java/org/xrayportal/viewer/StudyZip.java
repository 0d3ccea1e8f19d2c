package org.xrayportal.viewer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.xrayportal.imaging.Instance;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.Series;
import org.xrayportal.shared.PatientIdentity;

/**
 * Writes a study as a ZIP of its original DICOM files while they stream from the PACS: one instance at a time, so
 * memory stays constant whatever the study's size. Each file is named by series and instance number (from QIDO before
 * the transfer), under a README that says what the files are.
 *
 * <p>Deflate only where it pays (issue 14): a file whose pixel data is already compressed (its transfer syntax says
 * so) gains next to nothing from it, and with {@code zip-level} 0 nothing is deflated; such files are STORED, their
 * CRC computed while they are read into a {@link SpooledInstance} (memory up to {@link #SPOOL_IN_MEMORY}, a temporary
 * file above). Uncompressed pixel data is deflated at {@code zip-level} while it streams, as before.
 */
final class StudyZip {

    static final String README = "README.txt";

    /**
     * A STORED file up to this size is held in memory (one buffer, reused); a larger one in a temporary file. Small
     * enough that the heap stays flat under {@code -Xmx256m} (LargeStudyDownloadIT: the old generation may grow by
     * less than 32 MiB while a study streams), large enough for typical compressed radiographs.
     */
    static final int SPOOL_IN_MEMORY = 4 * 1024 * 1024;

    private final Map<String, String> namesByInstanceUid;
    private final int level;
    private int instancesWritten;
    private int instancesStored;
    private byte[] spoolBuffer;
    private int spoolInMemory = SPOOL_IN_MEMORY;

    private StudyZip(Map<String, String> namesByInstanceUid, int level) {
        this.namesByInstanceUid = namesByInstanceUid;
        this.level = level;
    }

    /** For tests: a plan with these names, and a smaller memory threshold for STORED files. */
    static StudyZip of(Map<String, String> namesByInstanceUid, int level, int spoolInMemory) {
        StudyZip zip = new StudyZip(Map.copyOf(namesByInstanceUid), level);
        zip.spoolInMemory = spoolInMemory;
        return zip;
    }

    /** Looks up the names of the study's instances (one QIDO per series; UIDs and numbers only). */
    static StudyZip plan(PacsGateway pacs, PatientIdentity identity, String studyUid, int level) {
        Map<String, String> names = new HashMap<>();
        List<Series> series = pacs.listSeries(identity, studyUid);
        for (int s = 0; s < series.size(); s++) {
            Series one = series.get(s);
            int seriesNumber = one.seriesNumber() == null ? s + 1 : one.seriesNumber();
            List<Instance> instances = pacs.listInstances(identity, studyUid, one.seriesInstanceUid());
            for (int i = 0; i < instances.size(); i++) {
                Instance instance = instances.get(i);
                int instanceNumber = instance.instanceNumber() == null ? i + 1 : instance.instanceNumber();
                names.put(
                        instance.sopInstanceUid(),
                        String.format(Locale.ROOT, "series-%03d/image-%04d.dcm", seriesNumber, instanceNumber));
            }
        }
        return new StudyZip(names, level);
    }

    int instancesWritten() {
        return instancesWritten;
    }

    /** How many of the files written were STORED rather than deflated. */
    int instancesStored() {
        return instancesStored;
    }

    /**
     * Streams the study into {@code out} and finishes the ZIP. The PACS's failures arrive as {@link
     * org.xrayportal.imaging.PacsException}, failures to write to {@code out} as {@link java.io.UncheckedIOException}
     * (during the transfer) or {@link IOException}.
     */
    void write(PacsGateway pacs, PatientIdentity identity, String studyUid, String readme, OutputStream out)
            throws IOException {
        ZipOutputStream zip = new ZipOutputStream(new NonClosing(out), StandardCharsets.UTF_8);
        zip.setLevel(level);
        zip.putNextEntry(new ZipEntry(README));
        zip.write(readme.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        Set<String> used = new HashSet<>();
        pacs.retrieveStudy(identity, studyUid, (index, dicom) -> {
            DicomPart10Header header = DicomPart10Header.read(dicom);
            String name = namesByInstanceUid.getOrDefault(
                    header.sopInstanceUid(), String.format(Locale.ROOT, "other/image-%04d.dcm", index + 1));
            if (!used.add(name)) {
                // Two instances with the same numbers (allowed by DICOM): keep both.
                name = name.replace(".dcm", String.format(Locale.ROOT, "-%d.dcm", index + 1));
                used.add(name);
            }
            if (level == 0 || header.compressed()) {
                store(zip, name, header, dicom);
                instancesStored++;
            } else {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(header.bytes());
                dicom.transferTo(zip);
                zip.closeEntry();
            }
            instancesWritten++;
        });
        zip.finish();
        zip.flush();
    }

    private void store(ZipOutputStream zip, String name, DicomPart10Header header, java.io.InputStream dicom)
            throws IOException {
        if (spoolBuffer == null) {
            spoolBuffer = new byte[spoolInMemory];
        }
        try (SpooledInstance file = SpooledInstance.read(header.bytes(), dicom, spoolBuffer)) {
            ZipEntry entry = new ZipEntry(name);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(file.size());
            entry.setCompressedSize(file.size());
            entry.setCrc(file.crc());
            zip.putNextEntry(entry);
            file.writeTo(zip);
            zip.closeEntry();
        }
    }

    /** Counts the bytes that went to the client, for the audit trail. */
    static final class Counting extends FilterOutputStream {
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }
    }

    /** The servlet container closes the response; the ZIP must not. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
