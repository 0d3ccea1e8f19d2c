package org.xrayportal.audit;

import org.springframework.stereotype.Component;

/** Reading the audit trail is itself audited (PS3.15 110101 Audit Log Used), before the rows are shown. */
@Component
class ConsoleAudit {

    private final AuditLog auditLog;

    ConsoleAudit(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    /**
     * @param readerId the admin's account id
     * @param readerName the admin's sign-in name, as the trail names actors
     * @param clientAddress where the admin's request came from
     */
    void used(long readerId, String readerName, String clientAddress, String view, AuditCriteria criteria) {
        AuditEvent.Builder event = AuditEvent.of(AuditAction.AUDIT_LOG_USED, AuditOutcome.SUCCESS)
                // Only admins reach the console (URL rule and @PreAuthorize); audit does not depend on the account
                // feature.
                .actor(readerId, readerName, "ADMIN")
                .clientAddress(clientAddress)
                .detail("view", view);
        if (criteria != null) {
            // The filters, not the patient columns: the log-reading event is about the reader, not the patient.
            event.detail("patientId", criteria.patientId())
                    .detail("issuer", criteria.issuerOfPatientId())
                    .detail("user", criteria.actor())
                    .detail(
                            "action",
                            criteria.action() == null ? null : criteria.action().name())
                    .detail(
                            "outcome",
                            criteria.outcome() == null
                                    ? null
                                    : criteria.outcome().name())
                    .detail(
                            "from",
                            criteria.from() == null ? null : criteria.from().toString())
                    .detail("to", criteria.to() == null ? null : criteria.to().toString());
        }
        auditLog.record(event.build());
    }
}
