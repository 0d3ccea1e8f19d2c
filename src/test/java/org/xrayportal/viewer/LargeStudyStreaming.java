package org.xrayportal.viewer;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.TestGateways;
import org.xrayportal.shared.PatientIdentity;

/**
 * Runs in a JVM of its own with a small heap (LargeStudyDownloadIT starts it with -Xmx256m): streams one study through
 * the download code path (the DICOMweb gateway and {@link StudyZip}, exactly as {@link DownloadController} uses them)
 * into a file, and reads the same study straight from the PACS's WADO-RS endpoint for comparison, twice each,
 * alternating. Prints one RESULT line.
 *
 * <p>Arguments: dicomWebBase patientId issuer studyUid zipFile zipLevel
 */
final class LargeStudyStreaming {

    private LargeStudyStreaming() {}

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        PatientIdentity identity = PatientIdentity.of(args[1], args[2]);
        String studyUid = args[3];
        Path zipFile = Path.of(args[4]);
        int level = Integer.parseInt(args[5]);
        PacsGateway pacs = TestGateways.dicomWeb(base);

        long bestDirect = Long.MAX_VALUE;
        long bestPortal = Long.MAX_VALUE;
        long directBytes = 0;
        long zipBytes = 0;
        int instances = 0;
        for (int round = 0; round < 2; round++) {
            long start = System.nanoTime();
            directBytes = direct(base, studyUid);
            bestDirect = Math.min(bestDirect, System.nanoTime() - start);

            start = System.nanoTime();
            StudyZip zip = StudyZip.plan(pacs, identity, studyUid, level);
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(zipFile), 64 * 1024)) {
                StudyZip.Counting out = new StudyZip.Counting(file);
                zip.write(pacs, identity, studyUid, "README", out);
                zipBytes = out.count();
            }
            bestPortal = Math.min(bestPortal, System.nanoTime() - start);
            instances = zip.instancesWritten();
        }
        System.out.printf(
                "RESULT directBytes=%d directNanos=%d zipBytes=%d portalNanos=%d instances=%d maxHeap=%d peakHeap=%d%n",
                directBytes,
                bestDirect,
                zipBytes,
                bestPortal,
                instances,
                Runtime.getRuntime().maxMemory(),
                peakHeap());
    }

    /** The multipart WADO-RS response read and discarded, as fast as the client can. */
    private static long direct(URI base, String studyUid) throws Exception {
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/studies/" + studyUid))
                            .header("Accept", "multipart/related; type=\"application/dicom\"")
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("WADO-RS answered " + response.statusCode());
            }
            try (InputStream body = response.body()) {
                return body.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
