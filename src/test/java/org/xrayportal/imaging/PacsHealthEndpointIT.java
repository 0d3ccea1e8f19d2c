package org.xrayportal.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xrayportal.support.PortalIntegrationTest;

/** A PACS outage shows in its own health group and never takes the application's status down. */
@PortalIntegrationTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"portal.pacs.base-url=http://127.0.0.1:9/dicom-web/", "portal.pacs.retry.max-attempts=1"})
class PacsHealthEndpointIT {

    @LocalServerPort
    int port;

    @Test
    void healthWhenPacsUnreachableThenApplicationUpAndPacsGroupDown() throws Exception {
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> app = http.send(request("/actuator/health"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> pacs = http.send(request("/actuator/health/pacs"), HttpResponse.BodyHandlers.ofString());

        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.body()).contains("\"status\":\"UP\"");
        assertThat(pacs.statusCode()).isEqualTo(503);
        assertThat(pacs.body()).contains("\"status\":\"DOWN\"");
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build();
    }
}
