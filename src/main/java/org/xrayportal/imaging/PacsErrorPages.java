package org.xrayportal.imaging;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Any page whose PACS call fails answers with the failure's status and a calm explanation (never a stack trace).
 * A study that is not found, or not the caller's, is the ordinary 404 page (DESIGN.md invariant 3).
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class PacsErrorPages {

    private static final Logger log = LoggerFactory.getLogger(PacsErrorPages.class);

    @ExceptionHandler(PacsException.class)
    String pacsFailed(PacsException e, Model model, HttpServletResponse response) {
        response.setStatus(e.httpStatus());
        if (e.kind() == PacsException.Kind.NOT_FOUND) {
            return "error/404";
        }
        log.warn("PACS request failed ({}): {}", e.kind(), e.getMessage());
        model.addAttribute("kind", e.kind().name());
        return "error/pacs";
    }
}
