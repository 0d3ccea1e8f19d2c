package org.xrayportal.account.mfa;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.xrayportal.security.CurrentUser;
import org.xrayportal.security.PortalUser;

/**
 * The second factor: the code step of sign-in, enrolment (forced at sign-in for staff and admins, optional from
 * "Your account" for patients) and the one-time display of recovery codes.
 */
@Controller
class MfaController {

    static final String VERIFY = "/login/mfa";
    static final String ENROL = "/login/mfa/enrol";
    static final String ACCOUNT_ENROL = "/account/mfa/enrol";

    private final SecondFactor secondFactor;
    private final SignInCompletion signIn;

    MfaController(SecondFactor secondFactor, SignInCompletion signIn) {
        this.secondFactor = secondFactor;
        this.signIn = signIn;
    }

    record CodeForm(
            @NotBlank(message = "{form.required}") @Size(max = 20, message = "{form.tooLong}")
            String code) {}

    @GetMapping(VERIFY)
    String initVerifyForm(Model model) {
        model.addAttribute("form", new CodeForm(""));
        return "account/mfa";
    }

    @PostMapping(VERIFY)
    String processVerifyForm(
            @Valid @ModelAttribute("form") CodeForm form,
            BindingResult result,
            Authentication authentication,
            HttpServletRequest request,
            HttpServletResponse response) {
        PortalUser user = pending(authentication).getPrincipal();
        if (!result.hasErrors()) {
            var verification = secondFactor.check(user.id(), form.code());
            if (verification == SecondFactor.Verification.VERIFIED) {
                return "redirect:" + signIn.complete(user, request, response);
            }
            result.rejectValue(
                    "code",
                    verification == SecondFactor.Verification.USED_ALREADY ? "mfa.codeUsedAlready" : "mfa.wrongCode");
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return "account/mfa";
    }

    @GetMapping(ENROL)
    String initEnrolAtSignIn(Authentication authentication, Model model) {
        return enrolPage(pending(authentication).getPrincipal(), ENROL, model);
    }

    @PostMapping(ENROL)
    String processEnrolAtSignIn(
            @Valid @ModelAttribute("form") CodeForm form,
            BindingResult result,
            Authentication authentication,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response) {
        PortalUser user = pending(authentication).getPrincipal();
        var codes = result.hasErrors()
                ? null
                : secondFactor.confirmEnrolment(user.id(), form.code()).orElse(null);
        if (codes == null) {
            return enrolAgain(user, ENROL, result, model, response);
        }
        model.addAttribute("next", signIn.complete(user, request, response));
        return recoveryCodes(codes, model);
    }

    @GetMapping("/account/mfa")
    String accountPage(@CurrentUser PortalUser user, Model model) {
        model.addAttribute("enrolled", secondFactor.isEnrolled(user.id()));
        model.addAttribute("required", secondFactor.isRequired(user.role()));
        return "account/mfa-status";
    }

    @GetMapping(ACCOUNT_ENROL)
    String initEnrolFromAccount(@CurrentUser PortalUser user, Model model) {
        if (secondFactor.isEnrolled(user.id())) {
            return "redirect:/account/mfa";
        }
        return enrolPage(user, ACCOUNT_ENROL, model);
    }

    @PostMapping(ACCOUNT_ENROL)
    String processEnrolFromAccount(
            @CurrentUser PortalUser user,
            @Valid @ModelAttribute("form") CodeForm form,
            BindingResult result,
            Model model,
            HttpServletResponse response) {
        var codes = result.hasErrors()
                ? null
                : secondFactor.confirmEnrolment(user.id(), form.code()).orElse(null);
        if (codes == null) {
            return enrolAgain(user, ACCOUNT_ENROL, result, model, response);
        }
        model.addAttribute("next", "/account");
        return recoveryCodes(codes, model);
    }

    private String enrolPage(PortalUser user, String action, Model model) {
        model.addAttribute(
                "enrolment",
                secondFactor.pendingEnrolment(user.id()).orElseGet(() -> secondFactor.startEnrolment(user.id())));
        model.addAttribute("action", action);
        model.addAttribute("form", new CodeForm(""));
        return "account/mfa-enrol";
    }

    private String enrolAgain(
            PortalUser user, String action, BindingResult result, Model model, HttpServletResponse response) {
        if (!result.hasErrors()) {
            result.rejectValue("code", "mfa.wrongCode");
        }
        model.addAttribute(
                "enrolment",
                secondFactor.pendingEnrolment(user.id()).orElseGet(() -> secondFactor.startEnrolment(user.id())));
        model.addAttribute("action", action);
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return "account/mfa-enrol";
    }

    private static String recoveryCodes(List<String> codes, Model model) {
        model.addAttribute("codes", codes);
        return "account/recovery-codes";
    }

    private static MfaPendingAuthentication pending(Authentication authentication) {
        if (authentication instanceof MfaPendingAuthentication pending) {
            return pending;
        }
        throw new org.springframework.security.access.AccessDeniedException("No sign-in waiting for a second factor");
    }
}
