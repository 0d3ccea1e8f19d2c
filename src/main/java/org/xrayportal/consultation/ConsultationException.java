package org.xrayportal.consultation;

import org.springframework.http.HttpStatus;

/** A consultation step that cannot happen; carries the HTTP status and the message key of the explanation. */
public class ConsultationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String messageKey;

    private ConsultationException(HttpStatus status, String messageKey) {
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

    static ConsultationException invalid(String messageKey) {
        return new ConsultationException(HttpStatus.BAD_REQUEST, messageKey);
    }

    static ConsultationException conflict(String messageKey) {
        return new ConsultationException(HttpStatus.CONFLICT, messageKey);
    }

    static ConsultationException notFound() {
        return new ConsultationException(HttpStatus.NOT_FOUND, "consultation.error.notFound");
    }
}
