package org.xrayportal.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * One DICOM file held until its length and CRC-32 are known, as a STORED ZIP entry needs them before its bytes: in
 * memory up to a threshold, in a temporary file (deleted on {@link #close()}) above it, so the heap stays flat
 * whatever the size of the file. The CRC is computed while the file is read, not in a second pass.
 */
final class SpooledInstance implements AutoCloseable {

    private final byte[] memory;
    private final CRC32 crc = new CRC32();
    private int inMemory;
    private long size;
    private Path file;
    private OutputStream fileOut;

    /** {@code buffer} is reused between instances; its length is the threshold above which the file spills to disk. */
    private SpooledInstance(byte[] buffer) {
        this.memory = buffer;
    }

    static SpooledInstance read(byte[] head, InputStream rest, byte[] buffer) throws IOException {
        SpooledInstance spooled = new SpooledInstance(buffer);
        try {
            spooled.append(head, 0, head.length);
            byte[] chunk = new byte[64 * 1024];
            for (int n = rest.read(chunk); n >= 0; n = rest.read(chunk)) {
                spooled.append(chunk, 0, n);
            }
            if (spooled.fileOut != null) {
                spooled.fileOut.close();
            }
            return spooled;
        } catch (IOException | RuntimeException e) {
            spooled.close();
            throw e;
        }
    }

    private void append(byte[] b, int off, int len) throws IOException {
        crc.update(b, off, len);
        size += len;
        if (fileOut == null && inMemory + len <= memory.length) {
            System.arraycopy(b, off, memory, inMemory, len);
            inMemory += len;
            return;
        }
        if (fileOut == null) {
            file = Files.createTempFile("portal-zip-", ".dcm");
            fileOut = Files.newOutputStream(file);
            fileOut.write(memory, 0, inMemory);
        }
        fileOut.write(b, off, len);
    }

    long size() {
        return size;
    }

    long crc() {
        return crc.getValue();
    }

    boolean spilled() {
        return file != null;
    }

    void writeTo(OutputStream out) throws IOException {
        if (file == null) {
            out.write(memory, 0, inMemory);
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(out);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (fileOut != null) {
            fileOut.close();
        }
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
