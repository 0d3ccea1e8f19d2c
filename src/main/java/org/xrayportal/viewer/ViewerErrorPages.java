package org.xrayportal.viewer;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.xrayportal.audit.AuditUnavailableException;

/**
 * When the VIEW event cannot be written the study or image is not sent (DESIGN.md invariant 4): the patient gets a
 * calm "try again later" page with 503 instead of the data.
 */
@ControllerAdvice(assignableTypes = {StudyController.class, FrameController.class})
class ViewerErrorPages {

    private static final Logger log = LoggerFactory.getLogger(ViewerErrorPages.class);

    @ExceptionHandler(AuditUnavailableException.class)
    String auditUnavailable(AuditUnavailableException e, HttpServletResponse response) {
        log.error("Not showing patient data: the audit trail could not be written ({})", e.getMessage());
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        return "error/5xx";
    }
}
