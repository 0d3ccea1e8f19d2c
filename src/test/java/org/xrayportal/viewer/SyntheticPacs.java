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
 * Synthetic objects, uncompressed or compressed by encoders independent of the PACS, stored in the test Orthanc
 * through its own REST API.
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
        return header(patientId, studyUid, seriesUid, sopUid, number, size).pixelData8(pixels(number, size));
    }

    /** The pixels of {@link #image}: a horizontal gradient with one bright pixel that makes each image different. */
    static byte[] pixels(int number, int size) {
        byte[] pixels = new byte[size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((i % size) * 255 / Math.max(1, size - 1));
        }
        pixels[number % pixels.length] = (byte) 255;
        return pixels;
    }

    /** The attributes of {@link #image} without its pixel data. */
    static DicomWriter header(
            String patientId, String studyUid, String seriesUid, String sopUid, int number, int size) {
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
                .us(0x00280103, 0);
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
     * The same image with its pixel data compressed by an encoder independent of the PACS: JPEG baseline by the JDK's
     * ImageIO, JPEG 2000 by OpenJPEG's {@code opj_compress} (Debian {@code libopenjp2-tools}). Asking the PACS to
     * transcode is not an option: Orthanc with GDCM crashes on it now and then.
     */
    static byte[] compressed(
            String transferSyntax, DicomWriter dataset, String sopClass, String sopUid, byte[] pixels, int size)
            throws IOException, InterruptedException {
        byte[] fragment = switch (transferSyntax) {
            case JPEG_BASELINE -> jpeg(pixels, size);
            case JPEG_2000 -> jpeg2000(pixels, size);
            default -> throw new IllegalArgumentException(transferSyntax);
        };
        return Encapsulated.part10(dataset, sopClass, sopUid, transferSyntax, fragment);
    }

    private static byte[] jpeg(byte[] pixels, int size) throws IOException {
        java.awt.image.BufferedImage image =
                new java.awt.image.BufferedImage(size, size, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, size, size, pixels);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        if (!javax.imageio.ImageIO.write(image, "jpeg", out)) {
            throw new IllegalStateException("no JPEG writer");
        }
        return out.toByteArray();
    }

    private static byte[] jpeg2000(byte[] pixels, int size) throws IOException, InterruptedException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("j2k-");
        try {
            java.nio.file.Path pgm = dir.resolve("image.pgm");
            java.nio.file.Path j2k = dir.resolve("image.j2k");
            byte[] header =
                    ("P5\n" + size + " " + size + "\n255\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.nio.file.Files.write(pgm, header);
            java.nio.file.Files.write(pgm, pixels, java.nio.file.StandardOpenOption.APPEND);
            Process process = new ProcessBuilder("opj_compress", "-i", pgm.toString(), "-o", j2k.toString())
                    .redirectErrorStream(true)
                    .start();
            String output =
                    new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("opj_compress failed (apt-get install libopenjp2-tools): " + output);
            }
            return java.nio.file.Files.readAllBytes(j2k);
        } finally {
            try (var files = java.nio.file.Files.list(dir)) {
                for (java.nio.file.Path f : files.toList()) {
                    java.nio.file.Files.deleteIfExists(f);
                }
            }
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
