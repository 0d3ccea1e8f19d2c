package org.xrayportal.system;

import java.util.Arrays;
import org.springframework.http.HttpStatus;

/**
 * Something a user asked for that cannot happen, for every feature of the portal: the HTTP status and the message key
 * (with its arguments) of the explanation, shown on the one problem page ({@code templates/error/problem.html}) by
 * {@link ProblemPages}. A 404 shows the portal's plain "not found" page, so an object outside the caller's scope
 * looks exactly like one that does not exist (DESIGN.md invariant 3).
 *
 * <p>Statuses, one per kind of failure (docs/architecture.md): 400 a malformed request (a path variable or query
 * parameter that cannot be read), 404 not found or not the caller's, 409 a step the current state does not allow, 422
 * a well-formed submission whose values are not acceptable (the same status as a form re-shown with field errors).
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String messageKey;
    private final Object[] args;

    protected ProblemException(HttpStatus status, String messageKey, Object... args) {
        super(messageKey);
        this.status = status;
        this.messageKey = messageKey;
        this.args = args.clone();
    }

    /** A request the portal cannot read (400). */
    public static ProblemException badRequest(String messageKey, Object... args) {
        return new ProblemException(HttpStatus.BAD_REQUEST, messageKey, args);
    }

    /** Not found, or not the caller's: both answer the same (404). */
    public static ProblemException notFound() {
        return new ProblemException(HttpStatus.NOT_FOUND, "error.404.body");
    }

    /** A step the current state does not allow (409). */
    public static ProblemException conflict(String messageKey, Object... args) {
        return new ProblemException(HttpStatus.CONFLICT, messageKey, args);
    }

    /** Values that are well-formed but not acceptable (422, like a form with field errors). */
    public static ProblemException invalid(String messageKey, Object... args) {
        return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, messageKey, args);
    }

    public HttpStatus status() {
        return status;
    }

    /** The message bundle key of the user-facing explanation. */
    public String messageKey() {
        return messageKey;
    }

    /** The explanation's {@link java.text.MessageFormat} arguments. */
    public Object[] args() {
        return args.clone();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + status.value() + " " + messageKey + " " + Arrays.toString(args) + "]";
    }
}
