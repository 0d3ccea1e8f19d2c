package org.xrayportal.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.shared.PatientIdentity;

/** The demo switch starts a seeded local Orthanc, points the gateway at it, and stops it with the context. */
class LocalPacsDemoIT {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PacsProperties.class)
    @Import(ImagingConfiguration.class)
    static class ImagingOnly {}

    @Test
    void demoSwitchStartsSeededOrthancAndStopsItOnClose() throws Exception {
        URI baseUrl;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ImagingOnly.class)
                .web(WebApplicationType.NONE)
                .properties("portal.demo.local-pacs.enabled=true")
                .run()) {
            baseUrl = context.getBean(PacsProperties.class).baseUrl();
            assertThat(baseUrl.toString()).startsWith("http://localhost:").endsWith("/dicom-web");
            PacsGateway gateway = context.getBean(PacsGateway.class);
            DemoStudies.Patient p = DemoStudies.ODEGARD;
            assertThat(gateway.searchStudies(PatientIdentity.of(p.patientId(), p.issuer()), DateRange.ANY))
                    .extracting(Study::patientName)
                    .containsOnly("Ødegård^Åse")
                    .hasSize(2);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest probe =
                    HttpRequest.newBuilder(URI.create(baseUrl + "/studies")).build();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> http.send(probe, HttpResponse.BodyHandlers.discarding()))
                    .as("Orthanc stopped with the context")
                    .isInstanceOf(java.io.IOException.class);
        }
    }
}
