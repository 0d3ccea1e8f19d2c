package org.xrayportal.imaging;

/** A failure worth one more try: the PACS could not be reached or said it is temporarily unable to answer. */
final class TransientPacsException extends PacsException {

    private static final long serialVersionUID = 1L;

    TransientPacsException(String detail, Throwable cause) {
        super(Kind.UNAVAILABLE, detail, cause);
    }
}
