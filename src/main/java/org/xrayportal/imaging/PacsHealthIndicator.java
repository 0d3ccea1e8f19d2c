package org.xrayportal.imaging;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports whether the PACS answers a minimal QIDO query. Registered as {@code pacsConnection}; {@link PacsHealthGroup} keeps it
 * out of the application's own status, because the portal stays useful (sign-in, consent, requests) while the PACS is
 * down and must not be restarted or taken out of a load balancer for it.
 */
class PacsHealthIndicator implements HealthIndicator {

    private final DicomWebClient client;

    PacsHealthIndicator(DicomWebClient client) {
        this.client = client;
    }

    @Override
    public Health health() {
        Health.Builder health;
        try {
            client.getJson("studies?limit=1");
            health = Health.up();
        } catch (PacsException e) {
            health = Health.down().withDetail("error", e.kind().name()).withDetail("reason", e.getMessage());
        }
        return health.withDetail("baseUrl", client.baseUrl().toString())
                .withDetail("circuitBreaker", client.circuitState().name())
                .build();
    }
}
