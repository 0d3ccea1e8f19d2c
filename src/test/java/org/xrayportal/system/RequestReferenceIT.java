package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.xrayportal.support.PortalIntegrationTest;

/** Every answer carries a reference (X-Request-Id); error pages show it so a person can quote it. */
@PortalIntegrationTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(RequestReferenceIT.FailingController.class)
@ExtendWith(OutputCaptureExtension.class)
class RequestReferenceIT {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void errorPageWhenNotFoundThenShowsTheReferenceOfTheResponseHeader() throws Exception {
        HttpResponse<String> response = get("/help/no-such-page", null);

        String reference = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(reference).matches("[0-9a-f]{16}");
        assertThat(response.body()).contains("Reference: " + reference + ". If you contact the clinic");
    }

    @Test
    void requestWhenProxySentAWellFormedIdThenItIsKeptAndAHostileOneIsReplaced() throws Exception {
        assertThat(get("/login", "proxy-abc-12345").headers().firstValue("X-Request-Id"))
                .contains("proxy-abc-12345");
        assertThat(get("/login", "<script>alert(1)</script>").headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{16}"));
    }

    @Test
    void serverErrorWhenUnhandledExceptionThenTheLogLineOfItsCauseCarriesTheReferenceOnThePage(CapturedOutput output)
            throws Exception {
        HttpResponse<String> response = get("/help/test-failure", null);

        String reference = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("Reference: " + reference + ".");
        assertThat(output.getOut().lines().filter(line -> line.contains("[" + reference + "]")))
                .anySatisfy(line -> assertThat(line).contains("Request failed: GET /help/test-failure"));
    }

    /** A page that fails the way a bug would. */
    @RestController
    static class FailingController {
        @GetMapping("/help/test-failure")
        String fail() {
            throw new IllegalStateException("a bug");
        }
    }

    private HttpResponse<String> get(String path, String requestId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "text/html");
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
