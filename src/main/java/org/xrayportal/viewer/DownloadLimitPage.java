package org.xrayportal.viewer;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** 429 with a page that says why and when to try again. */
@ControllerAdvice(assignableTypes = DownloadController.class)
class DownloadLimitPage {

    @ExceptionHandler(DownloadAudit.LimitExceeded.class)
    String limitReached(DownloadAudit.LimitExceeded e, Model model, HttpServletResponse response) {
        response.setStatus(429);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(DownloadAudit.WINDOW.toSeconds()));
        model.addAttribute("limit", e.limit);
        model.addAttribute("kind", e.kind.name());
        return "viewer/download-limit";
    }
}
