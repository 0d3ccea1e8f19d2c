package org.xrayportal.viewer;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.xrayportal.imaging.Instance;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.Series;
import org.xrayportal.shared.PatientIdentity;

/**
 * Writes a study as a ZIP of its original DICOM files while they stream from the PACS, in the order the PACS sends
 * them, with memory bounded whatever the study's size. Each file is named by series and instance number (from QIDO
 * before the transfer), under a README that says what the files are.
 *
 * <p>At wire speed (issue 14), as a pipeline: a reader thread takes the files off the PACS's multipart stream, each
 * into a {@link SpooledInstance} (its CRC computed while it is read), while the request's own thread writes the files
 * read before to the client, so the PACS and the browser are never kept waiting for each other. A file whose pixel
 * data is already compressed (its transfer syntax says so), and every file at {@code zip-level} 0, is STORED: deflating
 * it gains next to nothing. Any other file is deflated at {@code zip-level} on the {@link ZipDeflaters} (one thread
 * per core), several files at once, and kept deflated only where that pays (it saves at least 1/16 of the file);
 * otherwise it is STORED after all.
 *
 * <p>Deflating pays only while the line to the client is slower than the deflaters: then a file that is half the size
 * reaches the client in half the time, and the cores deflate it in parallel while the ones before are sent. On a line
 * faster than the deflaters it only makes the download slower. So with {@link DownloadProperties.Deflate#WHEN_IT_PAYS}
 * (the default) the reader decides file by file: it deflates when the line, as measured so far in this download
 * (bytes written to the client per second spent writing them), is less than half as fast as what the deflaters
 * measure they can do for each download running now ({@link ZipDeflaters#bytesPerSecondFor}); until the first file
 * has been written, the line is unknown and files are STORED. {@link DownloadProperties.Deflate#ALWAYS} deflates
 * every file that is not compressed yet.
 *
 * <p>Every entry is written raw, with its CRC and sizes known before its bytes (no data descriptors). At most {@link
 * #IN_FLIGHT} files wait between reader and writer, and the reader starts no file while those waiting would then hold
 * more than {@link #MEMORY_IN_FLIGHT} (judged by the size of the file before); their bytes are off the heap, and what
 * does not fit (a file larger than that) goes to a temporary file.
 */
final class StudyZip {

    static final String README = "README.txt";

    /**
     * Files read from the PACS that may wait to be written (besides the one being read and the one being written), as
     * long as they fit in {@link #MEMORY_IN_FLIGHT}: two or three raw radiographs, a dozen JPEG ones. Each time the
     * queue runs dry or full, one of the two threads parks and is woken again: the JPEG study of issue 14 (120 files of
     * 1.1 MiB) cost the portal 0.30 s of CPU and took 0.33 s with room for two files, 0.23 s and 0.24 s with eight in
     * the same pair of runs, 0.26-0.27 s of CPU with sixteen (docs/benchmarks.md).
     */
    static final int IN_FLIGHT = 16;

    /**
     * Memory the files in flight of one download may hold together, off the heap ({@link SpooledInstance.Chunks}),
     * and what the files waiting may add up to before the reader waits ({@link InFlight}): three typical 8 MiB
     * radiographs. A file that does not fit spills to a temporary file.
     */
    static final long MEMORY_IN_FLIGHT = 24L * 1024 * 1024;

    /** The web server's response buffer for a ZIP: what it sends per write to the socket. */
    static final int RESPONSE_BUFFER = 256 * 1024;

    /** A deflated file is kept deflated only when it is at most this share of its size (saves at least 1/16). */
    private static final double DEFLATE_PAYS_BELOW = 15.0 / 16;

    /**
     * How much slower than the deflaters the line must be for deflating to be chosen: the line's measured time includes
     * the writing thread's own CPU time, which deflating on the same cores lengthens, so a line only just slower than
     * the deflaters could be one that deflating itself slowed down. Patients' home lines (1 to 12 MiB/s) are several
     * times slower than even one core deflates (about 40 MiB/s of raw radiographs); a LAN (120 MiB/s) is faster.
     */
    private static final double LINE_MARGIN = 2;

    private static final Object END = new Object();

    private final Map<String, String> namesByInstanceUid;
    private final int level;
    private final DownloadProperties.Deflate deflate;
    private final ZipDeflaters deflaters;
    private final long memoryInFlight;
    private volatile int instancesWritten;
    private volatile int instancesStored;
    /** Bytes of the files written to the client so far, and the nanoseconds spent writing them (the line's speed). */
    private volatile long lineBytes;

    private volatile long lineNanos;

    private StudyZip(
            Map<String, String> namesByInstanceUid,
            int level,
            DownloadProperties.Deflate deflate,
            ZipDeflaters deflaters,
            long memoryInFlight) {
        this.namesByInstanceUid = namesByInstanceUid;
        this.level = level;
        this.deflate = deflate;
        this.deflaters = deflaters;
        this.memoryInFlight = memoryInFlight;
    }

    /** For tests: a plan with these names, and a smaller memory budget for the files in flight. */
    static StudyZip of(
            Map<String, String> namesByInstanceUid,
            int level,
            DownloadProperties.Deflate deflate,
            ZipDeflaters deflaters,
            long memoryInFlight) {
        return new StudyZip(Map.copyOf(namesByInstanceUid), level, deflate, deflaters, memoryInFlight);
    }

    /**
     * Looks up the names of the study's instances: from the study-level instance search ({@link
     * PacsGateway#studyContents}, one round trip, kept for a minute after the study or download page asked), or on a
     * PACS that does not offer it one QIDO per series (UIDs and numbers only); deflates as {@code downloads} says
     * ({@code zip-level}, {@code zip-deflate}). The names come before the first byte, so their search is a wait the
     * PACS's own retrieve does not have: 85-115 ms for a study of 120 instances on Orthanc (issue 14), a quarter of
     * the whole download, unless the page's search is still kept.
     */
    static StudyZip plan(
            PacsGateway pacs,
            PatientIdentity identity,
            String studyUid,
            DownloadProperties downloads,
            ZipDeflaters deflaters) {
        List<PacsGateway.SeriesContents> contents =
                pacs.studyContents(identity, studyUid).orElseGet(() -> levelByLevel(pacs, identity, studyUid));
        Map<String, String> names = new HashMap<>();
        for (int s = 0; s < contents.size(); s++) {
            Series one = contents.get(s).series();
            int seriesNumber = one.seriesNumber() == null ? s + 1 : one.seriesNumber();
            List<Instance> instances = contents.get(s).instances();
            for (int i = 0; i < instances.size(); i++) {
                Instance instance = instances.get(i);
                int instanceNumber = instance.instanceNumber() == null ? i + 1 : instance.instanceNumber();
                names.put(
                        instance.sopInstanceUid(),
                        String.format(Locale.ROOT, "series-%03d/image-%04d.dcm", seriesNumber, instanceNumber));
            }
        }
        return new StudyZip(names, downloads.zipLevel(), downloads.zipDeflate(), deflaters, MEMORY_IN_FLIGHT);
    }

    private static List<PacsGateway.SeriesContents> levelByLevel(
            PacsGateway pacs, PatientIdentity identity, String studyUid) {
        return pacs.listSeries(identity, studyUid).stream()
                .map(series -> new PacsGateway.SeriesContents(
                        series, pacs.listInstances(identity, studyUid, series.seriesInstanceUid())))
                .toList();
    }

    /** Files written to the client so far (read by the audit's progress while the download runs). */
    int instancesWritten() {
        return instancesWritten;
    }

    /** How many of the files written were STORED rather than deflated. */
    int instancesStored() {
        return instancesStored;
    }

    /**
     * Whether the next file that is not compressed yet should be deflated: always with {@link
     * DownloadProperties.Deflate#ALWAYS}, otherwise only while the line to the client, as measured so far, is less
     * than half as fast as the deflaters can serve this download (unknown before the first file is written: not
     * deflated).
     */
    private boolean deflatePays() {
        if (level == 0) {
            return false;
        }
        if (deflate == DownloadProperties.Deflate.ALWAYS) {
            return true;
        }
        long nanos = lineNanos;
        long bytes = lineBytes;
        if (nanos == 0) {
            return false;
        }
        double lineBytesPerSecond = bytes * 1e9 / nanos;
        return lineBytesPerSecond * LINE_MARGIN < deflaters.bytesPerSecondFor();
    }

    /**
     * Streams the study into {@code out} and finishes the ZIP. The PACS's failures arrive as {@link
     * org.xrayportal.imaging.PacsException}, failures to write to {@code out} as {@link IOException} (and a failure of
     * the portal's own spooling as {@link UncheckedIOException}). When it returns or throws, the reader has stopped and
     * every temporary file is gone.
     */
    void write(PacsGateway pacs, PatientIdentity identity, String studyUid, String readme, OutputStream out)
            throws IOException {
        SpooledInstance.Chunks memory = new SpooledInstance.Chunks(memoryInFlight);
        BlockingQueue<Object> ready = new ArrayBlockingQueue<>(IN_FLIGHT);
        InFlight waiting = new InFlight(memoryInFlight);
        Reader reader = new Reader(pacs, identity, studyUid, memory, ready, waiting);
        Thread thread = Thread.ofVirtual().name("study-zip-reader").start(reader);
        deflaters.downloadStarted(); // ended in the finally below
        boolean complete = false;
        try {
            ZipArchiveOutputStream zip = new ZipArchiveOutputStream(new NonClosing(out));
            zip.setUseZip64(Zip64Mode.AsNeeded);
            byte[] text = readme.getBytes(StandardCharsets.UTF_8);
            CRC32 textCrc = new CRC32();
            textCrc.update(text);
            zip.addRawArchiveEntry(
                    entry(README, ZipArchiveEntry.STORED, textCrc.getValue(), text.length, text.length),
                    new ByteArrayInputStream(text));
            for (Object next = take(ready); next != END; next = take(ready)) {
                if (next instanceof Failure failure) {
                    throw failure.rethrown();
                }
                try (Entry entry = result(next)) {
                    long start = System.nanoTime();
                    try (InputStream data = entry.data().open()) {
                        zip.addRawArchiveEntry(entry.zipEntry(), data);
                    }
                    lineNanos += System.nanoTime() - start; // only this thread writes them
                    lineBytes += entry.zipEntry().getCompressedSize();
                    waiting.written(entry.zipEntry().getSize());
                    if (entry.zipEntry().getMethod() == ZipArchiveEntry.STORED) {
                        instancesStored++;
                    }
                } catch (IOException e) {
                    // As when the files were written inside the PACS's stream: the client (or the spool) failed.
                    throw new UncheckedIOException(e);
                }
                instancesWritten++;
            }
            zip.finish();
            zip.close(); // ends its deflater; the response itself is only flushed (NonClosing)
            complete = true;
        } finally {
            stop(reader, thread, complete, ready);
            deflaters.downloadEnded();
        }
    }

    /** Ends the reader (at once when the download failed) and frees what it left in flight. */
    private static void stop(Reader reader, Thread thread, boolean complete, BlockingQueue<Object> ready) {
        if (!complete) {
            reader.cancelled = true;
            thread.interrupt();
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        List<Object> left = new ArrayList<>();
        ready.drainTo(left);
        left.forEach(StudyZip::discard);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object take(BlockingQueue<Object> ready) throws IOException {
        try {
            return ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the study ZIP");
        }
    }

    /** The entry a reader's future holds, once its deflating is done. */
    private static Entry result(Object next) throws IOException {
        @SuppressWarnings("unchecked")
        Future<Entry> future = (Future<Entry>) next;
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(future);
            throw new InterruptedIOException("interrupted while writing the study ZIP");
        } catch (ExecutionException e) {
            throw new Failure(e.getCause()).rethrown();
        }
    }

    /** Waits for a file still being deflated and deletes what it holds. */
    private static void discard(Object item) {
        if (!(item instanceof Future<?> future)) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                if (future.get() instanceof Entry entry) {
                    entry.close();
                }
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | IOException e) {
                break; // a failed deflate closed its own files
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes the files off the PACS's stream, hands them to the deflaters where that pays, queues them in order. */
    private final class Reader implements Runnable {

        private final PacsGateway pacs;
        private final PatientIdentity identity;
        private final String studyUid;
        private final SpooledInstance.Chunks memory;
        private final BlockingQueue<Object> ready;
        private final InFlight waiting;
        private final Set<String> used = new HashSet<>();
        private long lastSize;
        volatile boolean cancelled;

        Reader(
                PacsGateway pacs,
                PatientIdentity identity,
                String studyUid,
                SpooledInstance.Chunks memory,
                BlockingQueue<Object> ready,
                InFlight waiting) {
            this.pacs = pacs;
            this.identity = identity;
            this.studyUid = studyUid;
            this.memory = memory;
            this.ready = ready;
            this.waiting = waiting;
        }

        @Override
        public void run() {
            try {
                pacs.retrieveStudy(identity, studyUid, this::onInstance);
                hand(END);
            } catch (Throwable t) {
                if (!cancelled) {
                    try {
                        hand(new Failure(t));
                    } catch (InterruptedIOException e) {
                        // the writer gave up meanwhile
                    }
                }
            }
        }

        private void onInstance(int index, InputStream dicom) throws IOException {
            if (cancelled) {
                throw new InterruptedIOException("the study ZIP was abandoned");
            }
            waiting.awaitRoomFor(lastSize);
            DicomPart10Header header = DicomPart10Header.read(dicom);
            String name = namesByInstanceUid.get(header.sopInstanceUid());
            if (name == null) {
                name = String.format(Locale.ROOT, "other/image-%04d.dcm", index + 1);
            }
            if (!used.add(name)) {
                // Two instances with the same numbers (allowed by DICOM): keep both.
                name = name.replace(".dcm", String.format(Locale.ROOT, "-%d.dcm", index + 1));
                used.add(name);
            }
            SpooledInstance file = SpooledInstance.read(header.bytes(), dicom, memory);
            lastSize = file.size();
            waiting.read(lastSize);
            Future<Entry> entry;
            if (header.compressed() || !deflatePays()) {
                entry = CompletableFuture.completedFuture(Entry.stored(name, file));
            } else {
                String deflatedName = name;
                try {
                    entry = deflaters
                            .executor()
                            .submit(() -> Entry.deflated(deflatedName, file, level, memory, deflaters));
                } catch (RejectedExecutionException shuttingDown) {
                    entry = CompletableFuture.completedFuture(Entry.deflated(name, file, level, memory, deflaters));
                }
            }
            hand(entry);
        }

        private void hand(Object item) throws InterruptedIOException {
            try {
                ready.put(item);
            } catch (InterruptedException e) {
                discard(item);
                throw new InterruptedIOException("the study ZIP was abandoned");
            }
        }
    }

    /**
     * The bytes of the files read and not yet written. The reader waits before its next file while those already
     * waiting and one more of the last file's size would exceed the budget; with nothing waiting it never waits, so a
     * file larger than the budget still goes (to a temporary file), and the writer, which frees what it wrote, is never
     * the one waited for in vain.
     */
    private static final class InFlight {
        private final long budget;
        private long bytes;

        InFlight(long budget) {
            this.budget = budget;
        }

        synchronized void awaitRoomFor(long next) throws InterruptedIOException {
            try {
                while (bytes > 0 && bytes + next > budget) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("the study ZIP was abandoned");
            }
        }

        synchronized void read(long size) {
            bytes += size;
        }

        synchronized void written(long size) {
            bytes -= size;
            notifyAll();
        }
    }

    private static ZipArchiveEntry entry(String name, int method, long crc, long size, long compressedSize) {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setMethod(method);
        entry.setCrc(crc);
        entry.setSize(size);
        entry.setCompressedSize(compressedSize);
        return entry;
    }

    /** One file ready to be written raw: its entry (CRC and sizes known) and its bytes as they go into the ZIP. */
    private record Entry(ZipArchiveEntry zipEntry, SpooledInstance data) implements AutoCloseable {

        static Entry stored(String name, SpooledInstance file) {
            return new Entry(entry(name, ZipArchiveEntry.STORED, file.crc(), file.size(), file.size()), file);
        }

        /** Deflates the file; if that does not pay, the file is STORED after all. Either way one spool is left. */
        static Entry deflated(
                String name, SpooledInstance file, int level, SpooledInstance.Chunks memory, ZipDeflaters deflaters)
                throws IOException {
            long start = System.nanoTime();
            SpooledInstance packed = SpooledInstance.empty(memory);
            Deflater deflater = new Deflater(level, true);
            try (InputStream in = file.open()) {
                byte[] input = new byte[64 * 1024];
                byte[] output = new byte[64 * 1024];
                for (int n = in.read(input); n >= 0; n = in.read(input)) {
                    deflater.setInput(input, 0, n);
                    while (!deflater.needsInput()) {
                        int d = deflater.deflate(output);
                        packed.write(output, 0, d);
                    }
                }
                deflater.finish();
                while (!deflater.finished()) {
                    int d = deflater.deflate(output);
                    packed.write(output, 0, d);
                }
                packed.finishWriting();
            } catch (IOException | RuntimeException | Error e) {
                packed.close();
                file.close();
                throw e;
            } finally {
                deflater.end();
            }
            deflaters.deflated(file.size(), System.nanoTime() - start);
            if (packed.size() > file.size() * DEFLATE_PAYS_BELOW) {
                packed.close();
                return stored(name, file);
            }
            file.close();
            return new Entry(entry(name, ZipArchiveEntry.DEFLATED, file.crc(), file.size(), packed.size()), packed);
        }

        @Override
        public void close() throws IOException {
            data.close();
        }
    }

    /** A failure of the reader, thrown again in the writing thread as what it was. */
    private static final class Failure {
        private final Throwable cause;

        Failure(Throwable cause) {
            this.cause = cause;
        }

        /** The failure to throw: itself when unchecked (an {@link Error} is thrown here), an I/O failure wrapped. */
        RuntimeException rethrown() {
            if (cause instanceof Error e) {
                throw e;
            }
            if (cause instanceof RuntimeException e) {
                return e;
            }
            if (cause instanceof IOException e) {
                return new UncheckedIOException(e);
            }
            return new IllegalStateException(cause);
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
