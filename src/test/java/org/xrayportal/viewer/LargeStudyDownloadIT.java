package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xrayportal.imaging.demo.DicomWriter;
import org.xrayportal.imaging.demo.XrayPhantom;
import org.xrayportal.support.BenchmarkReport;
import org.xrayportal.support.OrthancSupport;

/**
 * A study of several hundred MB (default 40 images of 2048x2048x16 bit = 320 MiB; {@code -Dlarge.study.images=N})
 * is stored in the test Orthanc under a patient of its own, then streamed through the download code path in a
 * separate JVM limited to {@code -Xmx256m}: it could not hold the study if it tried. The ZIP is checked entry by entry,
 * and the throughput through the portal's code path and straight from WADO-RS is written to docs/benchmarks.md.
 */
@ExtendWith(OrthancSupport.class)
class LargeStudyDownloadIT {

    private static final int SIZE = 2048;
    private static final String ISSUER = "LARGE-TEST";
    private static final Pattern RESULT = Pattern.compile(
            "RESULT directBytes=(\\d+) directNanos=(\\d+) zipBytes=(\\d+) portalNanos=(\\d+) instances=(\\d+)"
                    + " maxHeap=(\\d+) peakHeap=(\\d+)");

    @Test
    void largeStudyWhenStreamedWithA256MegabyteHeapThenCompleteAndMeasured(OrthancSupport.Pacs pacs) throws Exception {
        int images = Integer.getInteger("large.study.images", 40);
        String patientId = "LARGE-" + UUID.randomUUID().toString().substring(0, 8);
        String studyUid = uid();
        String seriesUid = uid();
        Map<String, Integer> sizes = new HashMap<>();
        short[] pixels = pixels();
        byte[] firstFile = null;
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int n = 1; n <= images; n++) {
                String sop = uid();
                pixels[n] = (short) n; // every file different
                byte[] file = instance(patientId, studyUid, seriesUid, sop, n, pixels);
                sizes.put(String.format(Locale.ROOT, "series-001/image-%04d.dcm", n), file.length);
                if (n == 1) {
                    firstFile = file;
                }
                stow(http, pacs.dicomWebUrl(), file);
            }
        }
        long studyBytes = sizes.values().stream().mapToLong(Integer::longValue).sum();
        assertThat(studyBytes).as("the study is larger than the heap").isGreaterThan(256L * 1024 * 1024);

        Path zip = Files.createDirectories(Path.of("target")).resolve("large-study-" + patientId + ".zip");
        String output = runWithSmallHeap(pacs.dicomWebUrl(), patientId, studyUid, zip);
        Matcher m = RESULT.matcher(output);
        assertThat(m.find())
                .as("the streaming JVM reported a result:%n%s", output)
                .isTrue();
        assertThat(Integer.parseInt(m.group(5))).isEqualTo(images);
        assertThat(Long.parseLong(m.group(6))).isLessThanOrEqualTo(256L * 1024 * 1024);

        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            int entries = 0;
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(StudyZip.README)) {
                    continue;
                }
                entries++;
                if (e.getName().equals("series-001/image-0001.dcm")) {
                    assertThat(Arrays.equals(in.readAllBytes(), firstFile)).isTrue();
                } else {
                    assertThat(in.transferTo(java.io.OutputStream.nullOutputStream()))
                            .as(e.getName())
                            .isEqualTo((long) sizes.get(e.getName()));
                }
            }
            assertThat(entries).isEqualTo(images);
        } finally {
            Files.deleteIfExists(zip);
        }
        // The memory bound is checked on every run; docs/ is rewritten only when asked for, so that a test run
        // leaves the checkout as it was.
        if (Boolean.getBoolean("benchmark")) {
            writeBenchmark(images, studyBytes, m);
        }
    }

    private static String runWithSmallHeap(URI dicomWeb, String patientId, String studyUid, Path zip) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-Xshare:off",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LargeStudyStreaming.class.getName(),
                        dicomWeb.toString(),
                        patientId,
                        ISSUER,
                        studyUid,
                        zip.toString(),
                        "1")
                .redirectErrorStream(true)
                .start();
        byte[] out;
        try (InputStream stdout = process.getInputStream()) {
            out = stdout.readAllBytes();
        }
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue())
                .as("the streaming JVM failed:%n%s", text)
                .isZero();
        return text;
    }

    private static short[] pixels() {
        BufferedImage image = XrayPhantom.draw(XrayPhantom.BodyPart.CHEST, SIZE, SIZE, 7, 0);
        int[] density = image.getRaster().getSamples(0, 0, SIZE, SIZE, 0, (int[]) null);
        short[] pixels = new short[density.length];
        for (int i = 0; i < density.length; i++) {
            pixels[i] = (short) Math.round(density[i] / 255.0 * 4095);
        }
        return pixels;
    }

    private static byte[] instance(
            String patientId, String studyUid, String seriesUid, String sop, int number, short[] pixels) {
        return new DicomWriter()
                .text(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.1.1")
                .text(0x00080018, "UI", sop)
                .text(0x00080020, "DA", "20250101")
                .text(0x00080060, "CS", "DX")
                .text(0x00081030, "LO", "Large synthetic study")
                .text(0x00100010, "PN", "Large^Study")
                .text(0x00100020, "LO", patientId)
                .text(0x00100021, "LO", ISSUER)
                .text(0x0020000D, "UI", studyUid)
                .text(0x0020000E, "UI", seriesUid)
                .text(0x00200011, "IS", "1")
                .text(0x00200013, "IS", Integer.toString(number))
                .us(0x00280002, 1)
                .text(0x00280004, "CS", "MONOCHROME2")
                .us(0x00280010, SIZE)
                .us(0x00280011, SIZE)
                .us(0x00280100, 16)
                .us(0x00280101, 12)
                .us(0x00280102, 11)
                .us(0x00280103, 0)
                .pixelData16(pixels)
                .toPart10("1.2.840.10008.5.1.4.1.1.1.1", sop);
    }

    private static void stow(HttpClient http, URI dicomWeb, byte[] file) throws Exception {
        String boundary = "large-study-" + UUID.randomUUID();
        byte[] head =
                ("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(dicomWeb + "/studies"))
                        .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                        .header("Accept", "application/dicom+json")
                        .POST(HttpRequest.BodyPublishers.concat(
                                HttpRequest.BodyPublishers.ofByteArray(head),
                                HttpRequest.BodyPublishers.ofByteArray(file),
                                HttpRequest.BodyPublishers.ofByteArray(tail)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static String uid() {
        return "2.25." + new java.math.BigInteger(1, uuidBytes());
    }

    private static byte[] uuidBytes() {
        UUID u = UUID.randomUUID();
        return java.nio.ByteBuffer.allocate(16)
                .putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits())
                .array();
    }

    private static void writeBenchmark(int images, long studyBytes, Matcher m) throws Exception {
        double mib = 1024.0 * 1024.0;
        double directSeconds = Long.parseLong(m.group(2)) / 1e9;
        double portalSeconds = Long.parseLong(m.group(4)) / 1e9;
        String section = String.join(
                "\n",
                "## Study download: portal streaming path vs WADO-RS directly",
                "",
                "Measured " + ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS) + " on this machine ("
                        + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version()
                        + ") against the test Orthanc, in one run: a synthetic study of " + images
                        + " images of 2048x2048x16 bit, " + String.format(Locale.ROOT, "%.0f", studyBytes / mib)
                        + " MiB of DICOM. Both measured in the same JVM started with `-Xmx256m`, best of two"
                        + " alternating rounds. \"Portal path\" is the gateway (QIDO ownership check, one QIDO per"
                        + " series for file names, WADO-RS multipart retrieve) plus the ZIP writer (deflate level 1)"
                        + " into a file; it does not include the HTTP layer, sign-in or the two audit inserts.",
                "",
                "| path | bytes | seconds | MiB/s of study |",
                "|---|---:|---:|---:|",
                String.format(
                        Locale.ROOT,
                        "| WADO-RS directly (multipart, discarded) | %d | %.2f | %.1f |",
                        Long.parseLong(m.group(1)),
                        directSeconds,
                        studyBytes / mib / directSeconds),
                String.format(
                        Locale.ROOT,
                        "| Portal path: gateway + ZIP to file | %d (ZIP) | %.2f | %.1f |",
                        Long.parseLong(m.group(3)),
                        portalSeconds,
                        studyBytes / mib / portalSeconds),
                "",
                String.format(
                        Locale.ROOT,
                        "Heap: max %.0f MiB, peak used %.0f MiB while streaming %.0f MiB.",
                        Long.parseLong(m.group(6)) / mib,
                        Long.parseLong(m.group(7)) / mib,
                        studyBytes / mib),
                "",
                "Reproduce: `./mvnw -B -ntp verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "
                        + "-Dit.test=LargeStudyDownloadIT -Dbenchmark=true` (replaces this section).");
        BenchmarkReport.replaceSection("study-download", section);
    }
}
