package org.xrayportal.consent;

import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Turns an action that does not fit the current state into a 409 page that says why. */
@ControllerAdvice(assignableTypes = {PatientConsentController.class, AdminConsentController.class})
class ConsentExceptionHandler {

    @ExceptionHandler(ConsentException.class)
    @ResponseStatus(HttpStatus.CONFLICT)
    String conflict(ConsentException e, Model model) {
        model.addAttribute("messageKey", e.messageKey());
        return "consent/conflict";
    }
}
