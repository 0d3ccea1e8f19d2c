package org.xrayportal.viewer;

/**
 * A download broke after its first bytes had been sent. Left to the servlet container on purpose: with the response
 * committed it closes the connection without finishing it, so the browser reports a failed download instead of
 * saving a truncated ZIP as if it were complete.
 */
class DownloadInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DownloadInterruptedException(Throwable cause) {
        super("download interrupted after the response was committed", cause);
    }
}
