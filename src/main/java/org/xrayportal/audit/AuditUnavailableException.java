package org.xrayportal.audit;

/** The audit trail could not be written, so the action it should have recorded must not happen. */
public class AuditUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
