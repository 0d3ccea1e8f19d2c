package org.xrayportal.imaging;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the DICOMweb gateway and its health indicator from {@code portal.pacs.*}. The per-operation circuit breakers
 * and bulkheads live in the two registry beans ({@code pacs-search}, {@code pacs-render}, {@code pacs-retrieve}), where
 * metrics and health read them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PacsCapacityProperties.class) // also where only this configuration is imported
class ImagingConfiguration {

    @Bean
    CircuitBreakerRegistry pacsCircuitBreakerRegistry() {
        return CircuitBreakerRegistry.ofDefaults();
    }

    @Bean
    BulkheadRegistry pacsBulkheadRegistry() {
        return BulkheadRegistry.ofDefaults();
    }

    @Bean
    DicomWebPacsGateway pacsGateway(
            PacsProperties properties,
            PacsCapacityProperties capacity,
            CircuitBreakerRegistry pacsCircuitBreakerRegistry,
            BulkheadRegistry pacsBulkheadRegistry) {
        return new DicomWebPacsGateway(
                new DicomWebClient(properties, capacity, pacsCircuitBreakerRegistry, pacsBulkheadRegistry), properties);
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
