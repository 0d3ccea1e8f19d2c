package org.xrayportal.imaging;

/**
 * The one failure type of the PACS gateway. {@link #getMessage()} is technical detail for the log; what a patient
 * reads is chosen by {@link #kind()} from messages.properties ({@code pacs.error.<KIND>}, see PacsErrorPages).
 */
public class PacsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, coarse enough for a controller to choose a status and a page. */
    public enum Kind {
        /** The object does not exist or is outside the caller's identity (the two look the same). */
        NOT_FOUND(404),
        /** The request itself was not acceptable (for example a malformed identifier). */
        INVALID_REQUEST(400),
        /** The PACS refused the connection, answered with a server error, or the circuit breaker is open. */
        UNAVAILABLE(503),
        /** This portal node already has as many calls of this kind in flight as the PACS is sized for (bulkhead). */
        BUSY(503),
        /** The PACS did not answer within the configured time. */
        TIMEOUT(504),
        /** The PACS answered with something the portal cannot use (malformed, wrong type, too large, truncated). */
        BAD_RESPONSE(502),
        /**
         * The PACS is up but cannot render or send this one object (it answered 400, 406, 415, 422, 500 or 501 for it:
         * for example a compression it cannot decode). Permanent for that object, never a sign of an outage: it does
         * not count toward the circuit breaker and is not retried.
         */
        OBJECT_UNAVAILABLE(422);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }
    }

    private final Kind kind;
    private boolean objectStatus;

    public PacsException(Kind kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    public PacsException(Kind kind, String detail, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
    }

    public static PacsException notFound(String detail) {
        return new PacsException(Kind.NOT_FOUND, detail);
    }

    public static PacsException badResponse(String detail) {
        return new PacsException(Kind.BAD_RESPONSE, detail);
    }

    public static PacsException badResponse(String detail, Throwable cause) {
        return new PacsException(Kind.BAD_RESPONSE, detail, cause);
    }

    public static PacsException invalidRequest(String detail) {
        return new PacsException(Kind.INVALID_REQUEST, detail);
    }

    public Kind kind() {
        return kind;
    }

    /** Marks a failure the PACS answered with a status that may concern only the requested object. */
    PacsException markObjectStatus() {
        this.objectStatus = true;
        return this;
    }

    /** Whether the PACS's status may concern only the requested object (400, 406, 415, 422, 500, 501). */
    boolean objectStatus() {
        return objectStatus;
    }

    /** A failure of one object (it cannot be rendered or sent); the PACS itself is fine. */
    public boolean isObjectFailure() {
        return kind == Kind.OBJECT_UNAVAILABLE;
    }

    /** The HTTP status a web layer should answer with. */
    public int httpStatus() {
        return kind.httpStatus;
    }
}
