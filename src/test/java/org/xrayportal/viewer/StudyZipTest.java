package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.xrayportal.imaging.DicomInstanceHandler;
import org.xrayportal.imaging.Instance;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.Series;
import org.xrayportal.shared.PatientIdentity;

/**
 * Deflate only where it pays (issue 14): already-compressed originals and everything at level 0 are STORED with the
 * CRC computed while reading, spilled to a temporary file above the memory threshold (and the file removed); raw pixel
 * data is deflated. Every file comes out byte-identical and passes the ZIP reader's CRC check.
 */
class StudyZipTest {

    private static final String STUDY = "1.2.3";
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    private static final PatientIdentity IDENTITY = new PatientIdentity("P1", null);
    private static final ZipDeflaters DEFLATERS = new ZipDeflaters(2);
    private static final DownloadProperties.Deflate ALWAYS = DownloadProperties.Deflate.ALWAYS;

    @Test
    void zipWhenOriginalsAreCompressedThenStoredElseDeflatedAndAllByteIdentical() throws Exception {
        byte[] raw = dicom("1.2.3.1", EXPLICIT_LE, zeros(200_000));
        byte[] jpeg = dicom("1.2.3.2", JPEG_BASELINE, random(150_000));
        byte[] bigJpeg = dicom("1.2.3.3", JPEG_BASELINE, random(300_000));
        Map<String, ZipEntry> entries = new LinkedHashMap<>();
        Map<String, byte[]> contents = new LinkedHashMap<>();
        long tempFilesBefore = tempFiles();

        StudyZip zip = StudyZip.of(
                Map.of(
                        "1.2.3.1",
                        "series-001/image-0001.dcm",
                        "1.2.3.2",
                        "series-001/image-0002.dcm",
                        "1.2.3.3",
                        "series-001/image-0003.dcm"),
                1,
                ALWAYS,
                DEFLATERS,
                SpooledInstance.Chunks.CHUNK);
        read(write(zip, List.of(raw, jpeg, bigJpeg)), entries, contents);

        assertThat(entries.get("series-001/image-0001.dcm").getMethod()).isEqualTo(ZipEntry.DEFLATED);
        assertThat(entries.get("series-001/image-0002.dcm").getMethod()).isEqualTo(ZipEntry.STORED);
        assertThat(entries.get("series-001/image-0003.dcm").getMethod()).isEqualTo(ZipEntry.STORED);
        assertThat(contents.get("series-001/image-0001.dcm")).isEqualTo(raw);
        assertThat(contents.get("series-001/image-0002.dcm")).isEqualTo(jpeg);
        assertThat(contents.get("series-001/image-0003.dcm"))
                .as("spilled to a file")
                .isEqualTo(bigJpeg);
        assertThat(zip.instancesWritten()).isEqualTo(3);
        assertThat(zip.instancesStored()).isEqualTo(2);
        assertThat(tempFiles()).as("the spill file is removed").isEqualTo(tempFilesBefore);
    }

    @Test
    void zipWhenLevelZeroThenEveryFileStored() throws Exception {
        byte[] raw = dicom("1.2.3.1", EXPLICIT_LE, zeros(50_000));
        Map<String, ZipEntry> entries = new LinkedHashMap<>();
        Map<String, byte[]> contents = new LinkedHashMap<>();
        StudyZip zip = StudyZip.of(Map.of("1.2.3.1", "series-001/image-0001.dcm"), 0, ALWAYS, DEFLATERS, 0);
        read(write(zip, List.of(raw)), entries, contents);
        assertThat(entries.get("series-001/image-0001.dcm").getMethod()).isEqualTo(ZipEntry.STORED);
        assertThat(contents.get("series-001/image-0001.dcm")).isEqualTo(raw);
    }

    @Test
    void zipWhenManyFilesOverSeveralCoresThenInOrderByteIdenticalAndDeflatedOnlyWherePaying() throws Exception {
        Map<String, String> names = new LinkedHashMap<>();
        List<byte[]> files = new java.util.ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            String uid = "1.2.3." + i;
            names.put(uid, String.format(java.util.Locale.ROOT, "series-001/image-%04d.dcm", i));
            // Odd: raw pixel data that deflates well; even: raw pixel data of noise, where deflate does not pay.
            files.add(dicom(uid, EXPLICIT_LE, i % 2 == 1 ? zeros(700_000 + i) : random(600_000 + i)));
        }
        long tempFilesBefore = tempFiles();
        // Memory for two chunks only: most of the files in flight spill to temporary files.
        StudyZip zip = StudyZip.of(names, 1, ALWAYS, DEFLATERS, 2L * SpooledInstance.Chunks.CHUNK);
        Map<String, ZipEntry> entries = new LinkedHashMap<>();
        Map<String, byte[]> contents = new LinkedHashMap<>();

        read(write(zip, files), entries, contents);

        assertThat(entries.keySet())
                .as("README first, then the files in the order the PACS sent them")
                .containsExactlyElementsOf(Stream.concat(Stream.of(StudyZip.README), names.values().stream())
                        .toList());
        for (int i = 1; i <= 12; i++) {
            String name = names.get("1.2.3." + i);
            assertThat(contents.get(name)).as(name).isEqualTo(files.get(i - 1));
            assertThat(entries.get(name).getMethod())
                    .as(name)
                    .isEqualTo(i % 2 == 1 ? ZipEntry.DEFLATED : ZipEntry.STORED);
        }
        assertThat(zip.instancesWritten()).isEqualTo(12);
        assertThat(zip.instancesStored()).isEqualTo(6);
        assertThat(tempFiles()).as("every spill file is removed").isEqualTo(tempFilesBefore);
    }

    @Test
    void zipWhenTheLineIsSlowerThanTheDeflatersThenFilesAfterTheFirstAreDeflated() throws Exception {
        List<byte[]> files = new java.util.ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 1; i <= 16; i++) {
            names.put("1.2.3." + i, String.format(java.util.Locale.ROOT, "series-001/image-%04d.dcm", i));
            files.add(dicom("1.2.3." + i, EXPLICIT_LE, zeros(64 * 1024)));
        }
        ZipDeflaters deflaters = new ZipDeflaters(1);
        // A line of 1 MiB/s: far slower than one thread deflates (the assumption before measuring is 40 MiB/s).
        SlowLine line = new SlowLine(1024 * 1024);
        try {
            StudyZip zip = StudyZip.of(names, 1, DownloadProperties.Deflate.WHEN_IT_PAYS, deflaters, 0);
            zip.write(
                    pacs(files, new java.util.concurrent.atomic.AtomicInteger(), -1), IDENTITY, STUDY, "readme", line);
            Map<String, ZipEntry> entries = new LinkedHashMap<>();
            Map<String, byte[]> contents = new LinkedHashMap<>();
            read(line.bytes.toByteArray(), entries, contents);

            List<Integer> methods = names.values().stream()
                    .map(name -> entries.get(name).getMethod())
                    .toList();
            int stored =
                    (int) methods.stream().filter(m -> m == ZipEntry.STORED).count();
            assertThat(methods.get(0))
                    .as("the first file: the line is not measured yet")
                    .isEqualTo(ZipEntry.STORED);
            assertThat(stored)
                    .as("only the files the reader took before the first one was written are STORED")
                    .isLessThanOrEqualTo(StudyZip.IN_FLIGHT + 2);
            assertThat(methods.subList(stored, methods.size()))
                    .as("once the line is measured, every later file is deflated")
                    .containsOnly(ZipEntry.DEFLATED);
            assertThat(zip.instancesStored()).isEqualTo(stored);
            for (int i = 1; i <= 16; i++) {
                assertThat(contents.get(names.get("1.2.3." + i))).isEqualTo(files.get(i - 1));
            }
        } finally {
            deflaters.destroy();
        }
    }

    @Test
    void zipWhenTheLineIsFasterThanTheDeflatersThenEveryFileStored() throws Exception {
        List<byte[]> files = new java.util.ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            files.add(dicom("1.2.3." + i, EXPLICIT_LE, zeros(2 * 1024 * 1024)));
        }
        ZipDeflaters deflaters = new ZipDeflaters(1);
        try {
            StudyZip zip = StudyZip.of(Map.of(), 1, DownloadProperties.Deflate.WHEN_IT_PAYS, deflaters, 0);
            // A line with no cost at all: deflating could only slow the download down.
            zip.write(
                    pacs(files, new java.util.concurrent.atomic.AtomicInteger(), -1),
                    IDENTITY,
                    STUDY,
                    "readme",
                    java.io.OutputStream.nullOutputStream());

            assertThat(zip.instancesWritten()).isEqualTo(8);
            assertThat(zip.instancesStored()).isEqualTo(8);
        } finally {
            deflaters.destroy();
        }
    }

    /** A client's line that takes bytes at {@code bytesPerSecond}, keeping them. */
    private static final class SlowLine extends java.io.OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final long bytesPerSecond;

        SlowLine(long bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            java.util.concurrent.locks.LockSupport.parkNanos(len * 1_000_000_000L / bytesPerSecond);
        }
    }

    @Test
    void zipWhenTheClientGoesAwayThenUncheckedIoFailureTheReaderStopsAndNoFileIsLeft() throws Exception {
        List<byte[]> files = new java.util.ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            files.add(dicom("1.2.3." + i, i % 2 == 0 ? EXPLICIT_LE : JPEG_BASELINE, random(400_000)));
        }
        long tempFilesBefore = tempFiles();
        java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
        PacsGateway pacs = pacs(files, delivered, -1);
        StudyZip zip = StudyZip.of(Map.of(), 1, ALWAYS, DEFLATERS, SpooledInstance.Chunks.CHUNK);
        java.io.OutputStream browser = new java.io.OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 1_000_000) {
                    throw new IOException("Broken pipe");
                }
            }
        };

        org.junit.jupiter.api.Assertions.assertThrows(
                java.io.UncheckedIOException.class, () -> zip.write(pacs, IDENTITY, STUDY, "readme", browser));

        assertThat(zip.instancesWritten()).isEqualTo(2);
        assertThat(delivered.get())
                .as("the reader stopped a few files ahead, not at the end of the study")
                .isLessThan(20);
        assertThat(tempFiles()).as("every spill file is removed").isEqualTo(tempFilesBefore);
    }

    @Test
    void zipWhenThePacsFailsMidwayThenItsFailureAfterTheFilesBeforeAndNoFileIsLeft() throws Exception {
        List<byte[]> files = List.of(
                dicom("1.2.3.1", EXPLICIT_LE, zeros(300_000)),
                dicom("1.2.3.2", JPEG_BASELINE, random(300_000)),
                dicom("1.2.3.3", EXPLICIT_LE, zeros(300_000)));
        long tempFilesBefore = tempFiles();
        PacsGateway pacs = pacs(files, new java.util.concurrent.atomic.AtomicInteger(), 2);
        StudyZip zip = StudyZip.of(Map.of(), 1, ALWAYS, DEFLATERS, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        PacsException failure = org.junit.jupiter.api.Assertions.assertThrows(
                PacsException.class, () -> zip.write(pacs, IDENTITY, STUDY, "readme", out));

        assertThat(failure.kind()).isEqualTo(PacsException.Kind.UNAVAILABLE);
        assertThat(failure.getMessage()).isEqualTo("the PACS stream broke");
        assertThat(zip.instancesWritten()).isEqualTo(2);
        assertThat(tempFiles()).as("every spill file is removed").isEqualTo(tempFilesBefore);
    }

    @Test
    void zipWhenTheClientIsSlowThenTheReaderHoldsNoMoreThanTheMemoryForFilesInFlight() throws Exception {
        List<byte[]> files = new java.util.ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 1; i <= 12; i++) {
            names.put("1.2.3." + i, String.format(java.util.Locale.ROOT, "series-001/image-%04d.dcm", i));
            files.add(dicom("1.2.3." + i, JPEG_BASELINE, random(64 * 1024)));
        }
        long fileSize = files.getFirst().length;
        // Room for five files, the one being written among them: the sixth waits until the client has taken one,
        // however many the queue could hold.
        StudyZip zip = StudyZip.of(names, 1, ALWAYS, DEFLATERS, 5 * fileSize);
        java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        java.io.OutputStream stalledClient = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    if (received.size() > 0) {
                        open.await(); // the README went out; the first image does not until the test says so
                    }
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                received.write(b, off, len);
            }
        };
        java.util.concurrent.CompletableFuture<Void> download = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                zip.write(pacs(files, delivered, -1), IDENTITY, STUDY, "readme", stalledClient);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long until = System.nanoTime() + 10_000_000_000L;
        while (delivered.get() < 5 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        Thread.sleep(300); // time enough to read all twelve in-memory files, were the reader not held back
        assertThat(delivered.get())
                .as("files taken from the PACS while the client took none")
                .isEqualTo(5);

        open.countDown();
        download.get(30, java.util.concurrent.TimeUnit.SECONDS);
        Map<String, byte[]> contents = new LinkedHashMap<>();
        read(received.toByteArray(), new LinkedHashMap<>(), contents);
        for (int i = 1; i <= 12; i++) {
            assertThat(contents.get(names.get("1.2.3." + i))).isEqualTo(files.get(i - 1));
        }
        assertThat(zip.instancesWritten()).isEqualTo(12);
    }

    @Test
    void planWhenThePacsNamesTheStudyContentsInOneSearchThenItsNamesAndNoSearchPerSeries() throws Exception {
        PacsGateway pacs = mock(PacsGateway.class);
        when(pacs.studyContents(IDENTITY, STUDY))
                .thenReturn(Optional.of(List.of(new PacsGateway.SeriesContents(
                        new Series("1.2.3.9", 2, "DX", null, null, 1),
                        List.of(new Instance("1.2.3.1", "1.2.840.10008.5.1.4.1.1.1.1", 7, 64, 64, 1))))));
        StudyZip zip =
                StudyZip.plan(pacs, IDENTITY, STUDY, new DownloadProperties(null, null, 0, null, null), DEFLATERS);
        Map<String, ZipEntry> entries = new LinkedHashMap<>();
        read(write(zip, List.of(dicom("1.2.3.1", EXPLICIT_LE, zeros(1000)))), entries, new LinkedHashMap<>());
        assertThat(entries.keySet()).containsExactly(StudyZip.README, "series-002/image-0007.dcm");
        verify(pacs, never()).listSeries(any(), any());
        verify(pacs, never()).listInstances(any(), any(), any());
    }

    @Test
    void planWhenThePacsCannotNameTheStudyContentsInOneSearchThenSeriesBySeries() throws Exception {
        PacsGateway pacs = mock(PacsGateway.class);
        when(pacs.studyContents(IDENTITY, STUDY)).thenReturn(Optional.empty());
        when(pacs.listSeries(IDENTITY, STUDY)).thenReturn(List.of(new Series("1.2.3.9", 3, "DX", null, null, 1)));
        when(pacs.listInstances(IDENTITY, STUDY, "1.2.3.9"))
                .thenReturn(List.of(new Instance("1.2.3.1", "1.2.840.10008.5.1.4.1.1.1.1", 5, 64, 64, 1)));
        StudyZip zip =
                StudyZip.plan(pacs, IDENTITY, STUDY, new DownloadProperties(null, null, 0, null, null), DEFLATERS);
        Map<String, ZipEntry> entries = new LinkedHashMap<>();
        read(write(zip, List.of(dicom("1.2.3.1", EXPLICIT_LE, zeros(1000)))), entries, new LinkedHashMap<>());
        assertThat(entries.keySet()).containsExactly(StudyZip.README, "series-003/image-0005.dcm");
    }

    /** A PACS that sends {@code files}, counting them, and fails after {@code failAfter} of them (-1: never). */
    private static PacsGateway pacs(
            List<byte[]> files, java.util.concurrent.atomic.AtomicInteger delivered, int failAfter) {
        PacsGateway pacs = mock(PacsGateway.class);
        when(pacs.retrieveStudy(eq(IDENTITY), eq(STUDY), any())).thenAnswer(call -> {
            DicomInstanceHandler handler = call.getArgument(2);
            for (int i = 0; i < files.size(); i++) {
                if (i == failAfter) {
                    throw new PacsException(PacsException.Kind.UNAVAILABLE, "the PACS stream broke", null);
                }
                handler.onInstance(i, new ByteArrayInputStream(files.get(i)));
                delivered.incrementAndGet();
            }
            return files.size();
        });
        return pacs;
    }

    private static byte[] write(StudyZip zip, List<byte[]> files) throws IOException {
        PacsGateway pacs = mock(PacsGateway.class);
        when(pacs.retrieveStudy(eq(IDENTITY), eq(STUDY), any())).thenAnswer(call -> {
            DicomInstanceHandler handler = call.getArgument(2);
            for (int i = 0; i < files.size(); i++) {
                handler.onInstance(i, new ByteArrayInputStream(files.get(i)));
            }
            return files.size();
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        zip.write(pacs, IDENTITY, STUDY, "readme", out);
        return out.toByteArray();
    }

    private static void read(byte[] zip, Map<String, ZipEntry> entries, Map<String, byte[]> contents)
            throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                contents.put(entry.getName(), in.readAllBytes()); // ZipInputStream checks each entry's CRC
                entries.put(entry.getName(), entry);
            }
        }
    }

    /** A minimal Part-10 file: preamble, DICM, a meta group with the SOP Instance UID and transfer syntax, a body. */
    static byte[] dicom(String sopInstanceUid, String transferSyntax, byte[] body) {
        byte[] sop = element(0x0003, sopInstanceUid);
        byte[] syntax = element(0x0010, transferSyntax);
        ByteBuffer out = ByteBuffer.allocate(128 + 4 + 12 + sop.length + syntax.length + body.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.position(128);
        out.put("DICM".getBytes(StandardCharsets.US_ASCII));
        out.putShort((short) 2).putShort((short) 0).put("UL".getBytes(StandardCharsets.US_ASCII));
        out.putShort((short) 4).putInt(sop.length + syntax.length);
        out.put(sop).put(syntax).put(body);
        return out.array();
    }

    private static byte[] element(int element, String uid) {
        String value = uid.length() % 2 == 0 ? uid : uid + "\0";
        ByteBuffer b = ByteBuffer.allocate(8 + value.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 2).putShort((short) element).put("UI".getBytes(StandardCharsets.US_ASCII));
        b.putShort((short) value.length()).put(value.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    private static byte[] zeros(int n) {
        return new byte[n];
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static long tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("portal-zip-"))
                    .count();
        }
    }
}
