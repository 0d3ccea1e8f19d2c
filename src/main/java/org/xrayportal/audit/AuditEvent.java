package org.xrayportal.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing worth proving later: who did what to which patient's data, from where, and how it ended. The time and
 * the hash chain are added by {@link AuditLog} when the event is written.
 */
public record AuditEvent(
        AuditAction action,
        AuditOutcome outcome,
        Long actorId,
        String actorName,
        String actorRole,
        String clientAddress,
        String patientId,
        String issuerOfPatientId,
        String studyUid,
        String seriesUid,
        String instanceUid,
        Map<String, Object> details) {

    public AuditEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static Builder of(AuditAction action, AuditOutcome outcome) {
        return new Builder(action, outcome);
    }

    /** Builds events without a long positional constructor call at every site. */
    public static final class Builder {
        private final AuditAction action;
        private final AuditOutcome outcome;
        private Long actorId;
        private String actorName;
        private String actorRole;
        private String clientAddress;
        private String patientId;
        private String issuerOfPatientId;
        private String studyUid;
        private String seriesUid;
        private String instanceUid;
        private final Map<String, Object> details = new LinkedHashMap<>();

        private Builder(AuditAction action, AuditOutcome outcome) {
            this.action = action;
            this.outcome = outcome;
        }

        public Builder actor(Long id, String name, String role) {
            this.actorId = id;
            this.actorName = name;
            this.actorRole = role;
            return this;
        }

        public Builder clientAddress(String clientAddress) {
            this.clientAddress = clientAddress;
            return this;
        }

        public Builder patient(String patientId, String issuerOfPatientId) {
            this.patientId = patientId;
            this.issuerOfPatientId = issuerOfPatientId;
            return this;
        }

        public Builder study(String studyUid) {
            this.studyUid = studyUid;
            return this;
        }

        public Builder series(String seriesUid) {
            this.seriesUid = seriesUid;
            return this;
        }

        public Builder instance(String instanceUid) {
            this.instanceUid = instanceUid;
            return this;
        }

        public Builder detail(String key, Object value) {
            if (value != null) {
                details.put(key, value);
            }
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(
                    action,
                    outcome,
                    actorId,
                    actorName,
                    actorRole,
                    clientAddress,
                    patientId,
                    issuerOfPatientId,
                    studyUid,
                    seriesUid,
                    instanceUid,
                    details);
        }
    }
}
