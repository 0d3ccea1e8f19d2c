package org.xrayportal.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * One file held until its length and CRC-32 are known, as a ZIP entry written in one piece needs them before its
 * bytes: in chunks of off-heap memory from the download's {@link Chunks}, and in a temporary file (deleted on {@link
 * #close()}) once those are spent, so the heap stays flat whatever the size of the files. The CRC of what is read is
 * computed while it is read, not in a second pass.
 */
final class SpooledInstance implements AutoCloseable {

    /**
     * Memory for the files of one download in flight, in chunks of {@link #CHUNK} bytes outside the Java heap, so that
     * holding a few 8 MiB files adds nothing to the heap or to the collector's work (LargeStudyDownloadIT: the old
     * generation may grow by less than 32 MiB while a study streams through {@code -Xmx256m}). The chunks come from
     * one pool per node of at most {@link #NODE_BUDGET}, allocated when first needed and reused by later downloads;
     * a download takes at most its own budget of them, and when either is spent its files go to temporary files.
     */
    static final class Chunks {

        static final int CHUNK = 256 * 1024;

        /** Off-heap memory of all the downloads on this node together. */
        static final long NODE_BUDGET = 48L * 1024 * 1024;

        private static final Object NODE = new Object();
        private static final ArrayDeque<ByteBuffer> FREE = new ArrayDeque<>();
        private static int allocated;

        private final int budget;
        private int held;

        /** @param bytes how much memory the files in flight may hold together; beyond it they go to temporary files */
        Chunks(long bytes) {
            this.budget = (int) Math.max(0, Math.min(NODE_BUDGET, bytes) / CHUNK);
        }

        /** A cleared chunk, or {@code null} when the download's or the node's budget is spent. */
        synchronized ByteBuffer take() {
            if (held >= budget) {
                return null;
            }
            ByteBuffer chunk;
            synchronized (NODE) {
                chunk = FREE.poll();
                if (chunk == null) {
                    if (allocated >= NODE_BUDGET / CHUNK) {
                        return null;
                    }
                    allocated++;
                    chunk = ByteBuffer.allocateDirect(CHUNK);
                }
            }
            held++;
            return chunk.clear();
        }

        synchronized void give(List<ByteBuffer> chunks) {
            held -= chunks.size();
            synchronized (NODE) {
                FREE.addAll(chunks);
            }
        }
    }

    private final Chunks pool;
    private final CRC32 crc;
    /** Filled chunks; only the last may have room left (its position is how much it holds). */
    private final List<ByteBuffer> memory = new ArrayList<>();

    private long size;
    private Path file;
    private OutputStream fileOut;

    private SpooledInstance(Chunks pool, boolean withCrc) {
        this.pool = pool;
        this.crc = withCrc ? new CRC32() : null;
    }

    /** An empty spool to write into (e.g. deflated data), without a CRC. */
    static SpooledInstance empty(Chunks pool) {
        return new SpooledInstance(pool, false);
    }

    /** {@code head} followed by all of {@code rest}, with the CRC of both. */
    static SpooledInstance read(byte[] head, InputStream rest, Chunks pool) throws IOException {
        SpooledInstance spooled = new SpooledInstance(pool, true);
        try {
            spooled.write(head, 0, head.length);
            byte[] buffer = new byte[64 * 1024];
            for (int n = rest.read(buffer); n >= 0; n = rest.read(buffer)) {
                spooled.write(buffer, 0, n);
            }
            spooled.finishWriting();
            return spooled;
        } catch (IOException | RuntimeException e) {
            spooled.close();
            throw e;
        }
    }

    void write(byte[] b, int off, int len) throws IOException {
        if (crc != null) {
            crc.update(b, off, len);
        }
        size += len;
        while (len > 0 && fileOut == null) {
            ByteBuffer last = memory.isEmpty() ? null : memory.getLast();
            if (last == null || !last.hasRemaining()) {
                last = file == null ? pool.take() : null;
                if (last == null) {
                    file = Files.createTempFile("portal-zip-", ".dcm");
                    fileOut = Files.newOutputStream(file);
                    break;
                }
                memory.add(last);
            }
            int n = Math.min(len, last.remaining());
            last.put(b, off, n);
            off += n;
            len -= n;
        }
        if (len > 0) {
            fileOut.write(b, off, len);
        }
    }

    /** Closes the temporary file for writing, if there is one; {@link #open()} may follow. */
    void finishWriting() throws IOException {
        if (fileOut != null) {
            fileOut.close();
            fileOut = null;
        }
    }

    long size() {
        return size;
    }

    long crc() {
        if (crc == null) {
            throw new IllegalStateException("no CRC kept");
        }
        return crc.getValue();
    }

    boolean spilled() {
        return file != null;
    }

    /** The spooled bytes, from the start: the memory chunks, then the temporary file. */
    InputStream open() {
        return new InputStream() {
            private int chunk;
            private int pos;
            private InputStream rest;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (chunk < memory.size()) {
                    ByteBuffer from = memory.get(chunk);
                    if (pos < from.position()) {
                        int n = Math.min(len, from.position() - pos);
                        from.get(pos, b, off, n);
                        pos += n;
                        return n;
                    }
                    chunk++;
                    pos = 0;
                }
                if (file == null) {
                    return -1;
                }
                if (rest == null) {
                    rest = Files.newInputStream(file);
                }
                return rest.read(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (rest != null) {
                    rest.close();
                }
            }
        };
    }

    /** Gives the memory back to the pool and deletes the temporary file. */
    @Override
    public void close() throws IOException {
        pool.give(memory);
        memory.clear();
        try {
            if (fileOut != null) {
                fileOut.close();
                fileOut = null;
            }
        } finally {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }
}
