package org.xrayportal.access;

import org.springframework.http.HttpStatus;

/** A request or decision that cannot happen; carries the HTTP status and the message key of the explanation. */
public class AccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String messageKey;

    private AccessException(HttpStatus status, String messageKey) {
        super(messageKey);
        this.status = status;
        this.messageKey = messageKey;
    }

    public HttpStatus status() {
        return status;
    }

    public String messageKey() {
        return messageKey;
    }

    static AccessException invalid(String messageKey) {
        return new AccessException(HttpStatus.BAD_REQUEST, messageKey);
    }

    static AccessException conflict(String messageKey) {
        return new AccessException(HttpStatus.CONFLICT, messageKey);
    }

    /** Also used for other patients' requests: they must look exactly like ones that do not exist. */
    static AccessException notFound() {
        return new AccessException(HttpStatus.NOT_FOUND, "access.error.notFound");
    }

    static AccessException alreadyDecided(AccessRequest.Status status) {
        return conflict("access.error.alreadyDecided." + status.name());
    }
}
