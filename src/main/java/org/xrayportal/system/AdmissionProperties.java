package org.xrayportal.system;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Admission control of one portal node ({@code portal.admission.*}, see {@link RequestAdmissionFilter} and
 * docs/operations.md "Requests in progress").
 *
 * @param maxRequestsInProgress page, form and image requests served at once; 0 turns admission control off (every
 *     request runs as soon as it arrives)
 * @param maxWait how long a request waits for its turn before it answers 503 with the "busy" page
 */
@ConfigurationProperties("portal.admission")
record AdmissionProperties(Integer maxRequestsInProgress, Duration maxWait) {

    AdmissionProperties {
        maxRequestsInProgress = maxRequestsInProgress == null ? 16 : maxRequestsInProgress;
        maxWait = maxWait == null ? Duration.ofSeconds(10) : maxWait;
        if (maxRequestsInProgress < 0) {
            throw new IllegalArgumentException("portal.admission.max-requests-in-progress must not be negative");
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("portal.admission.max-wait must not be negative");
        }
    }
}
