package org.xrayportal.imaging;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports whether the PACS answers a real, cheap QIDO query (one study, one attribute) with DICOM JSON the portal can
 * read: a PACS that answers 200 with garbage is DOWN, the same as one that does not answer. Registered as {@code
 * pacsConnection}; {@link PacsHealthGroup} keeps it out of the application's own status, because the portal stays
 * useful (sign-in, consent, requests) while the PACS is down and must not be restarted or taken out of a load balancer
 * for it. The details name each operation class's circuit breaker state.
 */
class PacsHealthIndicator implements HealthIndicator {

    /** Matches any study, returns at most one, asks for one attribute: cheap on any PACS. */
    static final String PROBE = "studies?limit=1&includefield=" + DicomJson.STUDY_INSTANCE_UID;

    private final DicomWebClient client;

    PacsHealthIndicator(DicomWebClient client) {
        this.client = client;
    }

    @Override
    public Health health() {
        Health.Builder health;
        try {
            int studies = DicomJson.parse(client.getJson(PROBE)).size();
            health = Health.up().withDetail("studiesInProbe", studies);
        } catch (PacsException e) {
            health = Health.down().withDetail("error", e.kind().name()).withDetail("reason", e.getMessage());
        }
        Map<String, String> breakers = new LinkedHashMap<>();
        client.circuitStates().forEach((operation, state) -> breakers.put(operation.resilienceName(), state.name()));
        return health.withDetail("baseUrl", client.baseUrl().toString())
                .withDetail("circuitBreakers", breakers)
                .build();
    }
}
