package org.xrayportal.consultation;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** Why a consultation step could not happen, with the exception's status (400, 404 or 409). */
@ControllerAdvice
class ConsultationExceptionHandler {

    @ExceptionHandler(ConsultationException.class)
    String problem(ConsultationException e, Model model, HttpServletResponse response) {
        response.setStatus(e.status().value());
        if (e.status().value() == 404) {
            return "error/404";
        }
        model.addAttribute("messageKey", e.messageKey());
        return "consultation/problem";
    }
}
