package org.xrayportal.account.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.xrayportal.account.Account;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;

/**
 * Writes the account feature's audit events, adding the client address of the current request. Runs in the caller's
 * transaction, so a change and its audit event are committed together or not at all.
 */
@Component
public class AccountAudit {

    private final AuditLog auditLog;

    public AccountAudit(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    /** An event about {@code subject} done by {@code actor} (who may be the subject, or nobody known). */
    public AuditEvent.Builder event(AuditAction action, AuditOutcome outcome, Account actor) {
        var builder = AuditEvent.of(action, outcome).clientAddress(clientAddress());
        if (actor != null) {
            builder.actor(actor.id(), actor.email(), actor.role().name());
        }
        return builder;
    }

    public void record(AuditEvent.Builder event) {
        auditLog.record(event.build());
    }

    public static String clientAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getRemoteAddr();
        }
        return null;
    }
}
