package org.xrayportal.imaging;

import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the DICOMweb gateway and its health indicator from {@code portal.pacs.*}. */
@Configuration(proxyBeanMethods = false)
class ImagingConfiguration {

    @Bean
    DicomWebPacsGateway pacsGateway(PacsProperties properties) {
        return new DicomWebPacsGateway(properties);
    }

    @Bean
    PacsHealthIndicator pacsConnectionHealthIndicator(DicomWebPacsGateway gateway) {
        return new PacsHealthIndicator(gateway.client());
    }

    @Bean
    static HealthEndpointGroupsPostProcessor pacsHealthGroup() {
        return new PacsHealthGroup();
    }
}
