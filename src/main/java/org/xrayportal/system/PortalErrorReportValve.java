package org.xrayportal.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's last word on an error nobody else answered: requests the container rejects before any servlet sees them
 * (encoded slashes, {@code %00}, over-long request lines) and errors the portal's own error page could not render.
 * Instead of Tomcat's bare report it writes the portal's page, with the portal's security headers (issue 12).
 */
final class PortalErrorReportValve extends ErrorReportValve {

    /** Writes the portal's headers for a request; supplied by {@link ContainerErrorPages}. */
    interface Headers {
        void write(HttpServletRequest request, HttpServletResponse response);
    }

    private final Headers headers;
    private final BiFunction<Integer, HttpServletRequest, String> pages;

    PortalErrorReportValve(Headers headers, BiFunction<Integer, HttpServletRequest, String> pages) {
        this.headers = headers;
        this.pages = pages;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            headers.write(request.getRequest(), response.getResponse());
        } catch (RuntimeException e) {
            // The page still goes out; the headers below are the minimum.
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Cache-Control", "no-store");
        }
        try {
            response.setContentType("text/html");
            response.setCharacterEncoding("utf-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(pages.apply(status, request.getRequest()));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response cannot be written; nothing more to do.
        }
    }
}
