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
        open = new PartStream();
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

    /** Reads until at least {@code n} bytes are buffered or the input ends. */
    private void ensure(int n) throws IOException {
        while (lim - pos < n && !eof) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                lim -= pos;
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
        int last = lim - delimiter.length;
        outer:
        for (int i = pos; i <= last; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The content of one part: ends where the next delimiter starts. */
    private final class PartStream extends InputStream {

        private boolean done;

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
            while (true) {
                ensure(delimiter.length);
                int at = indexOfDelimiter();
                int available;
                if (at == pos) {
                    pos += delimiter.length;
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

        @Override
        public void close() {
            // The reader owns the underlying stream; the next call to next() skips what is left.
        }
    }
}
