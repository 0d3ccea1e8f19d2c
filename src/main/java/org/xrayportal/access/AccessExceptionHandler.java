package org.xrayportal.access;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** Shows why an access action could not happen, with the status the exception carries (400, 404 or 409). */
@ControllerAdvice(assignableTypes = {PatientRequestsController.class, StaffRequestsController.class})
class AccessExceptionHandler {

    @ExceptionHandler(AccessException.class)
    String problem(AccessException e, Model model, HttpServletResponse response) {
        response.setStatus(e.status().value());
        if (e.status().value() == 404) {
            return "error/404";
        }
        model.addAttribute("messageKey", e.messageKey());
        return "access/problem";
    }
}
