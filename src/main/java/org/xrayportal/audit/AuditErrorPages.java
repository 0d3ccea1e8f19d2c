package org.xrayportal.audit;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * When an event cannot be written, what it should have recorded does not happen (DESIGN.md invariant 4): no study or
 * image is sent, no change is kept. The user gets a calm "try again later" page with 503, from every feature alike.
 */
@ControllerAdvice
class AuditErrorPages {

    private static final Logger log = LoggerFactory.getLogger(AuditErrorPages.class);

    @ExceptionHandler(AuditUnavailableException.class)
    String auditUnavailable(AuditUnavailableException e, HttpServletResponse response) {
        log.error("Refused: the audit trail could not be written ({})", e.getMessage());
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        // As for an unreachable database (system.DatabaseErrorPages), the usual cause of an unwritable trail.
        response.setHeader(HttpHeaders.RETRY_AFTER, "30");
        return "error/5xx";
    }
}
