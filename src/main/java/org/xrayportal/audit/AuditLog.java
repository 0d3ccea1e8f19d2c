package org.xrayportal.audit;

/** The one way every feature writes to the audit trail. */
public interface AuditLog {

    /**
     * Appends the event, chained by hash to the one before it, in the caller's transaction if there is one.
     *
     * @throws AuditUnavailableException when the event could not be written; callers must then fail closed and not
     *     return the data the event was about (DESIGN.md, invariant 4)
     */
    void record(AuditEvent event);
}
