package org.xrayportal.imaging;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming reader of a {@code multipart/*} body (RFC 2046): each part's content is an {@link InputStream} that
 * ends at the next boundary, so a part is never held in memory. A body that ends before the closing delimiter throws
 * {@link TruncatedMultipartException}.
 *
 * <p>At wire speed (issue 14): a part with a {@code Content-Length} (Orthanc and dcm4chee send one) is copied by its
 * length, large reads straight from the input into the caller's array, and the delimiter must then follow exactly
 * (a length that does not match the body is an {@link IOException}, never a silently cut or merged file). Without a
 * length the delimiter is found with Boyer-Moore-Horspool, and each buffered byte is searched once, not once per
 * read.
 */
final class MultipartReader {

    static final class TruncatedMultipartException extends EOFException {
        private static final long serialVersionUID = 1L;

        TruncatedMultipartException(String message) {
            super(message);
        }
    }

    record Part(Map<String, String> headers, InputStream content) {

        String contentType() {
            return headers.get("content-type");
        }
    }

    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    /** Horspool: how far the window may move when its last byte is {@code b}. */
    private final int[] shift = new int[256];
    /** Where a delimiter starts in {@link #buf} ({@code -1}: none found yet). */
    private int found = -1;
    /** No delimiter starts between {@link #pos} and this index. */
    private int clearBefore;

    private final byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;
    private boolean finished;
    private PartStream open;

    MultipartReader(InputStream in, String boundary) {
        this(in, boundary, 64 * 1024);
    }

    MultipartReader(InputStream in, String boundary, int bufferSize) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
            throw new IllegalArgumentException("invalid multipart boundary");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[Math.max(bufferSize, delimiter.length * 2 + 4)];
        java.util.Arrays.fill(shift, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            shift[delimiter[i] & 0xff] = delimiter.length - 1 - i;
        }
        // The first boundary may start the body without a preceding CRLF: pretend there is one.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /** The next part, or {@code null} after the closing delimiter. Unread content of the previous part is skipped. */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        // Skip the preamble (first call) or the rest of the previous part.
        PartStream skip = open != null ? open : new PartStream();
        skip.transferTo(OutputStream.nullOutputStream());
        open = null;
        // After a delimiter: "--" closes the body, otherwise optional whitespace and CRLF precede the headers.
        ensure(2);
        if (lim - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return null;
        }
        String line = readLine();
        if (!line.isBlank()) {
            throw new IOException("unexpected text after a multipart boundary");
        }
        Map<String, String> headers = new HashMap<>();
        int headerBytes = 0;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            headerBytes += header.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new IOException("multipart part headers too large");
            }
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.put(
                        header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).strip());
            }
        }
        open = new PartStream(contentLength(headers.get("content-length")));
        return new Part(Map.copyOf(headers), open);
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            ensure(2);
            if (lim - pos < 2) {
                throw new TruncatedMultipartException("multipart body ended inside part headers");
            }
            if (buf[pos] == '\r' && buf[pos + 1] == '\n') {
                pos += 2;
                return line.toString();
            }
            line.append((char) (buf[pos++] & 0xff));
            if (line.length() > MAX_HEADER_BYTES) {
                throw new IOException("multipart header line too long");
            }
        }
    }

    /** A part's declared length, or -1 when it has none or one that is not a plain decimal number. */
    private static long contentLength(String value) {
        if (value == null
                || value.isEmpty()
                || value.length() > 15
                || !value.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(value);
    }

    /** Reads until at least {@code n} bytes are buffered or the input ends. */
    private void ensure(int n) throws IOException {
        while (lim - pos < n && !eof) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
                found = found >= pos ? found - pos : -1;
                clearBefore = Math.max(0, clearBefore - pos);
                pos = 0;
            }
            int read = in.read(buf, lim, buf.length - lim);
            if (read < 0) {
                eof = true;
            } else {
                lim += read;
            }
        }
    }

    private int indexOfDelimiter() {
        if (found >= pos) {
            return found;
        }
        found = -1;
        int n = delimiter.length;
        int start = Math.max(pos, clearBefore);
        int lastByte = delimiter[n - 1];
        for (int i = start; i <= lim - n; ) {
            byte b = buf[i + n - 1];
            if (b == lastByte && matchesAt(i)) {
                found = i;
                return i;
            }
            i += shift[b & 0xff];
        }
        clearBefore = Math.max(start, lim - n + 1);
        return -1;
    }

    private boolean matchesAt(int i) {
        for (int j = 0; j < delimiter.length - 1; j++) {
            if (buf[i + j] != delimiter[j]) {
                return false;
            }
        }
        return true;
    }

    /** Consumes the delimiter that starts at {@link #pos}. */
    private void consumeDelimiter() {
        pos += delimiter.length;
        found = -1;
        clearBefore = pos;
    }

    /** The content of one part: ends where the next delimiter starts. */
    private final class PartStream extends InputStream {

        private boolean done;
        /** Bytes of content still to come when the part declared its length; -1 when it did not. */
        private long remaining;

        PartStream() {
            this(-1);
        }

        PartStream(long contentLength) {
            this.remaining = contentLength;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (remaining >= 0) {
                return readCounted(b, off, len);
            }
            while (true) {
                ensure(delimiter.length);
                int at = indexOfDelimiter();
                int available;
                if (at == pos) {
                    consumeDelimiter();
                    done = true;
                    return -1;
                } else if (at > pos) {
                    available = at - pos;
                } else if (eof) {
                    throw new TruncatedMultipartException("multipart body ended before its closing boundary");
                } else {
                    // Keep a possible partial delimiter at the end of the buffer.
                    available = lim - pos - (delimiter.length - 1);
                    if (available <= 0) {
                        ensure(lim - pos + 1);
                        continue;
                    }
                }
                int n = Math.min(len, available);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
        }

        /** Content of a declared length: from the buffer, then straight from the input; then the delimiter. */
        private int readCounted(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                ensure(delimiter.length);
                if (lim - pos < delimiter.length) {
                    throw new TruncatedMultipartException("multipart body ended before its closing boundary");
                }
                if (!matchesAt(pos) || buf[pos + delimiter.length - 1] != delimiter[delimiter.length - 1]) {
                    throw new IOException("a multipart part is not as long as its Content-Length says");
                }
                consumeDelimiter();
                done = true;
                return -1;
            }
            int want = (int) Math.min(len, remaining);
            int n;
            if (lim > pos) {
                n = Math.min(want, lim - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
            } else {
                // The buffer is empty: read into the caller's array, without a copy.
                pos = 0;
                lim = 0;
                found = -1;
                clearBefore = 0;
                n = in.read(b, off, want);
                if (n < 0) {
                    eof = true;
                    throw new TruncatedMultipartException("multipart body ended before its closing boundary");
                }
            }
            remaining -= n;
            return n;
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            byte[] chunk = new byte[64 * 1024];
            long total = 0;
            for (int n = read(chunk, 0, chunk.length); n >= 0; n = read(chunk, 0, chunk.length)) {
                out.write(chunk, 0, n);
                total += n;
            }
            return total;
        }

        @Override
        public void close() {
            // The reader owns the underlying stream; the next call to next() skips what is left.
        }
    }
}
