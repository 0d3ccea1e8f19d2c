package org.xrayportal.viewer;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xrayportal.imaging.demo.DicomWriter;

/**
 * Stores synthetic objects in the test Orthanc through its own REST API, and has Orthanc (with GDCM) compress them
 * into JPEG baseline or JPEG 2000, so that tests get genuinely compressed files without an encoder of their own.
 */
final class SyntheticPacs implements AutoCloseable {

    static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    static final String JPEG_2000 = "1.2.840.10008.1.2.4.91";
    static final String DIGITAL_XRAY = "1.2.840.10008.5.1.4.1.1.1.1";

    private static final Pattern ID = Pattern.compile("\"ID\"\\s*:\\s*\"([0-9a-f-]+)\"");

    private final URI rest;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    SyntheticPacs(URI rest) {
        this.rest = rest;
    }

    static String uid() {
        UUID u = UUID.randomUUID();
        byte[] bytes = ByteBuffer.allocate(16)
                .putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits())
                .array();
        return "2.25." + new BigInteger(1, bytes);
    }

    /** A small 8-bit DX image (a gradient with the number burned in), with the identifiers given. */
    static DicomWriter image(String patientId, String studyUid, String seriesUid, String sopUid, int number, int size) {
        byte[] pixels = new byte[size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((i % size) * 255 / Math.max(1, size - 1));
        }
        pixels[number % pixels.length] = (byte) 255;
        return new DicomWriter()
                .text(0x00080016, "UI", DIGITAL_XRAY)
                .text(0x00080018, "UI", sopUid)
                .text(0x00080020, "DA", "20250101")
                .text(0x00080060, "CS", "DX")
                .text(0x00081030, "LO", "Synthetic study")
                .text(0x0008103E, "LO", "Synthetic series")
                .text(0x00100010, "PN", "Synthetic^Patient")
                .text(0x00100020, "LO", patientId)
                .text(0x0020000D, "UI", studyUid)
                .text(0x0020000E, "UI", seriesUid)
                .text(0x00200011, "IS", "1")
                .text(0x00200013, "IS", Integer.toString(number))
                .us(0x00280002, 1)
                .text(0x00280004, "CS", "MONOCHROME2")
                .us(0x00280010, size)
                .us(0x00280011, size)
                .us(0x00280100, 8)
                .us(0x00280101, 8)
                .us(0x00280102, 7)
                .us(0x00280103, 0)
                .pixelData8(pixels);
    }

    /** Stores a Part-10 file; returns Orthanc's id of the instance. */
    String store(byte[] file) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(rest + "/instances"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Orthanc refused a file: " + response.statusCode() + " " + response.body());
        }
        Matcher m = ID.matcher(response.body());
        if (!m.find()) {
            throw new IllegalStateException("no instance id in " + response.body());
        }
        return m.group(1);
    }

    /**
     * Has Orthanc compress {@code file} into {@code transferSyntax} and returns the compressed file; nothing of it
     * stays in the PACS (the uncompressed copy is deleted, the compressed one is only returned).
     */
    byte[] compress(byte[] file, String transferSyntax) throws IOException, InterruptedException {
        String id = store(file);
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(URI.create(rest + "/instances/" + id + "/modify"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"Transcode\": \"" + transferSyntax
                                    + "\", \"Force\": true, \"Keep\": [\"SOPInstanceUID\"]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "Orthanc could not transcode to " + transferSyntax + ": " + response.statusCode());
            }
            return response.body();
        } finally {
            http.send(
                    HttpRequest.newBuilder(URI.create(rest + "/instances/" + id))
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
