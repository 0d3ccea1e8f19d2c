package org.xrayportal.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartReaderTest {

    private static final String BOUNDARY = "DICOMwebBoundary-4711";

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 65_536})
    void readsBinaryPartsWhateverTheBufferAndChunkSizes(int chunk) throws IOException {
        List<byte[]> parts = List.of(random(0, 1), random(1, 2), random(100_000, 3), crlfDashes());
        byte[] body = multipart(parts, true);
        MultipartReader reader = new MultipartReader(trickle(body, chunk), BOUNDARY, 80);
        List<byte[]> read = new ArrayList<>();
        for (MultipartReader.Part p = reader.next(); p != null; p = reader.next()) {
            assertThat(p.contentType()).isEqualTo("application/dicom");
            read.add(p.content().readAllBytes());
        }
        assertThat(read).hasSize(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            assertThat(read.get(i)).isEqualTo(parts.get(i));
        }
        assertThat(reader.next()).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 65_536, 1_000_000})
    void readsPartsByTheirContentLengthWhateverTheChunkSizes(int chunk) throws IOException {
        List<byte[]> parts = List.of(random(0, 1), random(1, 2), random(300_000, 3), crlfDashes(), delimiterInside());
        byte[] body = multipart(parts, true, true);
        for (int bufferSize : new int[] {80, 64 * 1024}) {
            MultipartReader reader = new MultipartReader(trickle(body, chunk), BOUNDARY, bufferSize);
            for (byte[] part : parts) {
                MultipartReader.Part p = reader.next();
                assertThat(p.headers()).containsEntry("content-length", String.valueOf(part.length));
                assertThat(p.content().readAllBytes()).isEqualTo(part);
            }
            assertThat(reader.next()).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-3, -1, 1, 3})
    void partWhoseContentLengthIsWrongIsAnError(int error) throws IOException {
        byte[] part = random(5_000, 6);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\nContent-Length: "
                        + (part.length + error) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(part);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(out.toByteArray()), BOUNDARY, 100);
        MultipartReader.Part p = reader.next();
        assertThatThrownBy(() -> p.content().readAllBytes()).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64, 65_536})
    void findsTheDelimiterAmongNearMissesWithoutALength(int chunk) throws IOException {
        List<byte[]> parts = List.of(delimiterInside(), crlfDashes(), random(70_000, 8));
        MultipartReader reader = new MultipartReader(trickle(multipart(parts, true), chunk), BOUNDARY, 90);
        for (byte[] part : parts) {
            assertThat(reader.next().content().readAllBytes()).isEqualTo(part);
        }
        assertThat(reader.next()).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64, 65_536})
    void skipsUnreadContent(int chunk) throws IOException {
        byte[] body = multipart(List.of(random(5_000, 4), "second".getBytes(StandardCharsets.US_ASCII)), true);
        MultipartReader reader = new MultipartReader(trickle(body, chunk), BOUNDARY, 100);
        assertThat(reader.next()).isNotNull();
        assertThat(reader.next().content().readAllBytes()).asString().isEqualTo("second");
        assertThat(reader.next()).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10, 5_000})
    void bodyEndingBeforeClosingDelimiterIsTruncated(int cut) throws IOException {
        byte[] full = multipart(List.of(random(10_000, 5)), false);
        byte[] body = java.util.Arrays.copyOf(full, full.length - cut);
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY, 100);
        assertThatThrownBy(() -> {
                    for (MultipartReader.Part p = reader.next(); p != null; p = reader.next()) {
                        p.content().readAllBytes();
                    }
                })
                .isInstanceOf(MultipartReader.TruncatedMultipartException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no boundary here at all"})
    void bodyWithoutAnyDelimiterIsTruncated(String text) {
        MultipartReader reader =
                new MultipartReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), BOUNDARY);
        assertThatThrownBy(reader::next).isInstanceOf(MultipartReader.TruncatedMultipartException.class);
    }

    private static byte[] multipart(List<byte[]> parts, boolean close) {
        return multipart(parts, close, false);
    }

    private static byte[] multipart(List<byte[]> parts, boolean close, boolean withLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("ignored preamble\r\n".getBytes(StandardCharsets.US_ASCII));
        for (byte[] part : parts) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n"
                            + (withLength ? "Content-Length: " + part.length + "\r\n" : "") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(part);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (close) {
            out.writeBytes(("--" + BOUNDARY + "--\r\nepilogue").getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    /** Content that contains almost-delimiters. */
    private static byte[] crlfDashes() {
        return ("\r\n--" + BOUNDARY.substring(0, 10) + "\r\n-\r\n--").getBytes(StandardCharsets.US_ASCII);
    }

    /** The delimiter but for its last character, many times over, and the boundary without its CRLF. */
    private static byte[] delimiterInside() {
        String near = "\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1) + "X";
        return (near.repeat(50) + "--" + BOUNDARY + "\n--" + BOUNDARY).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A stream that returns at most {@code chunk} bytes per read, like a network. */
    private static ByteArrayInputStream trickle(byte[] body, int chunk) {
        return new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}
