package org.xrayportal.imaging.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores the {@link DemoStudies} in a PACS with STOW-RS ({@code POST {dicom-web}/studies}), one request per study.
 * Idempotent: a study whose UID the PACS already knows (QIDO) is skipped. Works against any DICOMweb server.
 */
public final class DemoSeeder {

    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BOUNDARY = "xray-portal-demo-seed-boundary";

    private final URI dicomWebBase;
    private final HttpClient http;

    public DemoSeeder(URI dicomWebBase) {
        String base = dicomWebBase.toString();
        this.dicomWebBase = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Seeds every demo study; returns how many studies were stored (0 when all existed). */
    public int seedAll() {
        return seed(DemoStudies.all());
    }

    public int seed(List<DemoStudies.Study> studies) {
        int stored = 0;
        for (DemoStudies.Study study : studies) {
            if (exists(study.studyInstanceUid())) {
                continue;
            }
            store(study);
            stored++;
        }
        log.info("Demo PACS seeded: {} studies stored, {} already present", stored, studies.size() - stored);
        return stored;
    }

    /**
     * Stores the demo's report and PDF ({@link DemoDocuments}) in their study unless the PACS already holds the report;
     * true when they were stored. Only the demo path calls it: the tests' PACS keeps the demo studies as they are.
     */
    public boolean seedDocuments() {
        DemoDocuments.Placed at = DemoDocuments.demoPlace();
        if (instanceExists(at.studyUid(), at.reportUid())) {
            return false;
        }
        stow(DemoDocuments.forDemo(), "the demo report and PDF");
        log.info("Demo PACS seeded: a report and a PDF in study {}", at.studyUid());
        return true;
    }

    private boolean instanceExists(String studyUid, String sopUid) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(dicomWebBase + "/studies/" + studyUid + "/instances?SOPInstanceUID=" + sopUid))
                .header("Accept", "application/dicom+json")
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 204 || response.statusCode() == 404) {
            return false;
        }
        requireSuccess(response.statusCode(), "QIDO");
        return response.body().contains(sopUid);
    }

    public boolean exists(String studyUid) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(dicomWebBase + "/studies?StudyInstanceUID=" + studyUid))
                .header("Accept", "application/dicom+json")
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 204) {
            return false;
        }
        requireSuccess(response.statusCode(), "QIDO");
        return response.body().contains(studyUid);
    }

    private void store(DemoStudies.Study study) {
        stow(DemoStudies.instances(study), study.key());
    }

    private void stow(List<byte[]> files, String what) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] file : files) {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(file);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest request = HttpRequest.newBuilder(URI.create(dicomWebBase + "/studies"))
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY)
                .header("Accept", "application/dicom+json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        requireSuccess(response.statusCode(), "STOW-RS of " + what);
        JsonNode failed = JSON.readTree(response.body()).path("00081198").path("Value"); // FailedSOPSequence
        if (!failed.isEmpty()) {
            throw new IllegalStateException("the PACS refused instances of " + what + ": " + response.body());
        }
    }

    /**
     * Sends {@code request}, once more if the connection failed: Orthanc closes idle keep-alive connections after a
     * second, and a request that meets one just closed fails with "header parser received no bytes" (seen in CI while
     * seeding). Every request here may be repeated: storing an instance again replaces it with the same bytes.
     */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            try {
                return http.send(request, handler);
            } catch (IOException first) {
                return http.send(request, handler);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the PACS at " + dicomWebBase + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding the PACS", e);
        }
    }

    private static void requireSuccess(int status, String what) {
        if (status < 200 || status >= 300) {
            throw new IllegalStateException(what + " failed with HTTP " + status);
        }
    }
}
