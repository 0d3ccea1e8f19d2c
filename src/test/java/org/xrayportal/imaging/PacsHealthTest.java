package org.xrayportal.imaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.contributor.Status;

class PacsHealthTest {

    @Test
    void indicatorIsUpWhenPacsAnswersAndDownWhenItFails() {
        WireMockServer pacs = new WireMockServer(wireMockConfig().dynamicPort());
        pacs.start();
        try {
            PacsProperties properties = TestPacsProperties.of(URI.create(pacs.baseUrl() + "/dicom-web"))
                    .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                    .retry(new PacsProperties.Retry(1, Duration.ofMillis(1)))
                    .build();
            PacsHealthIndicator indicator = new PacsHealthIndicator(new DicomWebClient(properties));
            pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies"))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/dicom+json")
                            .withBody("[]")));
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
            // 200 with something that is not DICOM JSON: the PACS is not usable, so DOWN.
            pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies"))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/dicom+json")
                            .withBody("<html>maintenance</html>")));
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(indicator.health().getDetails()).containsEntry("error", "BAD_RESPONSE");
            pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies"))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/dicom+json")
                            .withBody("{\"studies\": []}")));
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
            // The probe is a real, cheap QIDO: one study, one attribute.
            pacs.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                            urlPathEqualTo("/dicom-web/studies"))
                    .withQueryParam("limit", com.github.tomakehurst.wiremock.client.WireMock.equalTo("1"))
                    .withQueryParam(
                            "includefield", com.github.tomakehurst.wiremock.client.WireMock.equalTo("0020000D")));
            pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies"))
                    .willReturn(aResponse().withStatus(503)));
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(indicator.health().getDetails()).containsEntry("error", "UNAVAILABLE");
        } finally {
            pacs.stop();
        }
    }

    @Test
    void pacsIsLeftOutOfTheApplicationStatusButHasItsOwnGroup() {
        HealthEndpointGroup primary = mock(HealthEndpointGroup.class);
        when(primary.isMember(org.mockito.ArgumentMatchers.anyString())).thenReturn(true);
        HealthEndpointGroups processed =
                new PacsHealthGroup().postProcessHealthEndpointGroups(HealthEndpointGroups.of(primary, Map.of()));
        assertThat(processed.getPrimary().isMember("pacsConnection")).isFalse();
        assertThat(processed.getPrimary().isMember("db")).isTrue();
        assertThat(processed.get("pacs").isMember("pacsConnection")).isTrue();
        assertThat(processed.get("pacs").isMember("db")).isFalse();
    }
}
