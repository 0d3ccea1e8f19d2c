package org.xrayportal.access;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.Actor;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.Study;
import org.xrayportal.system.DisplayTime;
import org.xrayportal.system.ProblemException;

/** The staff queue of access requests, worked oldest first against the 30-day clock, and the decisions on them. */
@Controller
@PreAuthorize("hasRole('STAFF')")
class StaffRequestsController {

    static final int PAGE_SIZE = 20;
    static final int MAX_PAGE = 1_000_000;

    private final AccessService access;
    private final AccountService accounts;
    private final DisplayTime displayTime;
    private final Clock clock;
    private final IdentityComparison identities;

    StaffRequestsController(
            AccessService access,
            AccountService accounts,
            DisplayTime displayTime,
            Clock clock,
            IdentityComparison identities) {
        this.access = access;
        this.accounts = accounts;
        this.displayTime = displayTime;
        this.clock = clock;
        this.identities = identities;
    }

    @GetMapping("/staff/requests")
    String queue(
            @RequestParam(defaultValue = "SUBMITTED") String status,
            @RequestParam(defaultValue = "0") int page,
            Model model,
            HttpServletResponse response) {
        if (page < 0 || page > MAX_PAGE) {
            // page * PAGE_SIZE would overflow into a negative SQL offset (issue 12)
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "error/4xx";
        }
        AccessRequest.Status filter = parseStatus(status);
        AccessService.QueuePage queue = access.queue(filter, page, PAGE_SIZE);
        var now = clock.instant();
        model.addAttribute("status", status);
        model.addAttribute("statuses", AccessRequest.Status.values());
        model.addAttribute("queue", queue);
        model.addAttribute(
                "rows",
                queue.requests().stream()
                        .map(r -> new QueueRow(
                                r,
                                accounts.findById(r.accountId())
                                        .map(a -> a.displayName())
                                        .orElse(""),
                                r.daysElapsed(now, displayTime.zone()),
                                r.clock(now)))
                        .toList());
        return "access/staff-queue";
    }

    /** One line of the queue: the request, who asked, and where it stands against the clock. */
    record QueueRow(AccessRequest request, String patientName, long daysElapsed, AccessRequest.Clock clock) {}

    private static AccessRequest.Status parseStatus(String status) {
        if ("ALL".equals(status)) {
            return null;
        }
        for (AccessRequest.Status candidate : AccessRequest.Status.values()) {
            if (candidate.name().equals(status)) {
                return candidate;
            }
        }
        throw ProblemException.badRequest("access.error.status");
    }

    @GetMapping("/staff/requests/{id}")
    String detail(Actor staff, @PathVariable long id, Model model) {
        return detailPage(staff, access.request(id), model);
    }

    @PostMapping("/staff/requests/{id}/approve")
    String approve(
            Actor staff,
            @PathVariable long id,
            @Valid @ModelAttribute("approve") RequestForms.Approve form,
            BindingResult errors,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        AccessScope scope = RequestForms.scopeOf(errors, form::toScope);
        if (form.expiresOn() != null && !displayTime.startOf(form.expiresOn()).isAfter(clock.instant())) {
            errors.rejectValue("expiresOn", "access.error.expiry");
        }
        // AccessService.approve refuses an identity the PACS does not confirm; here that refusal is shown on the
        // request's page beside the comparison, like the form's other errors (422).
        return decideOrShow(staff, id, Decision.APPROVED, errors, response, model, redirect, () -> {
            try {
                access.approve(
                        staff,
                        id,
                        scope,
                        form.expiresOn() == null ? null : displayTime.startOf(form.expiresOn()),
                        form.allowDownload());
                return true;
            } catch (ProblemException e) {
                if (!AccessService.NOT_APPROVABLE.equals(e.messageKey())) {
                    throw e;
                }
                errors.reject(AccessService.NOT_APPROVABLE);
                return false;
            }
        });
    }

    @PostMapping("/staff/requests/{id}/deny")
    String deny(
            Actor staff,
            @PathVariable long id,
            @Valid @ModelAttribute("deny") RequestForms.Reason form,
            BindingResult errors,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        return decide(
                staff,
                id,
                Decision.DENIED,
                errors,
                response,
                model,
                redirect,
                () -> access.deny(staff, id, form.reason()));
    }

    @PostMapping("/staff/requests/{id}/extend")
    String extend(
            Actor staff,
            @PathVariable long id,
            @Valid @ModelAttribute("extend") RequestForms.Extend form,
            BindingResult errors,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        // The new due date is the end of that day in the clinic's zone.
        return decide(
                staff,
                id,
                Decision.EXTENDED,
                errors,
                response,
                model,
                redirect,
                () -> access.extend(
                        staff,
                        id,
                        displayTime.startOf(form.newDueDate().plusDays(1)).minusSeconds(1),
                        form.reason()));
    }

    @PostMapping("/staff/grants/{grantId}/revoke")
    String revoke(
            Actor staff,
            @PathVariable long grantId,
            @RequestParam long requestId,
            @Valid @ModelAttribute("revoke") RequestForms.Reason form,
            BindingResult errors,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        return decide(
                staff,
                requestId,
                Decision.REVOKED,
                errors,
                response,
                model,
                redirect,
                () -> access.revoke(staff, grantId, form.reason()));
    }

    /** The four decisions on a request's page, each with its confirmation. */
    enum Decision {
        APPROVED("access.flash.approved"),
        DENIED("access.flash.denied"),
        EXTENDED("access.flash.extended"),
        REVOKED("access.flash.revoked");

        private final String flash;

        Decision(String flash) {
            this.flash = flash;
        }
    }

    /**
     * The one path of every decision: a form with errors re-shows the request's page with them (422, the other forms
     * empty); a valid one is carried out and answered with a redirect to the request and a confirmation.
     */
    private String decide(
            Actor staff,
            long requestId,
            Decision decision,
            BindingResult errors,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect,
            Runnable action) {
        return decideOrShow(staff, requestId, decision, errors, response, model, redirect, () -> {
            action.run();
            return true;
        });
    }

    /** As above, for an action that may itself find an error to show on the form: it then answers false. */
    private String decideOrShow(
            Actor staff,
            long requestId,
            Decision decision,
            BindingResult errors,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect,
            BooleanSupplier action) {
        if (errors.hasErrors() || !action.getAsBoolean()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return detailPage(staff, access.request(requestId), model);
        }
        redirect.addFlashAttribute("flash", decision.flash);
        return "redirect:/staff/requests/" + requestId;
    }

    /** The request's page; each decision form not already in the model (with its errors) starts empty. */
    private String detailPage(Actor staff, AccessRequest request, Model model) {
        if (!model.containsAttribute("approve")) {
            model.addAttribute("approve", RequestForms.Approve.from(request));
        }
        for (String reasonForm : List.of("deny", "revoke")) {
            if (!model.containsAttribute(reasonForm)) {
                model.addAttribute(reasonForm, new RequestForms.Reason(""));
            }
        }
        if (!model.containsAttribute("extend")) {
            model.addAttribute("extend", new RequestForms.Extend(null, ""));
        }
        var identity = accounts.identityOf(request.accountId());
        try {
            // The staff member looking: the PACS lookup is audited under their name.
            model.addAttribute("comparison", identities.compare(request.accountId(), staff.accountId()));
        } catch (PacsException e) {
            model.addAttribute("comparison", null);
        }
        model.addAttribute("request", request);
        model.addAttribute("account", accounts.findById(request.accountId()).orElseThrow());
        model.addAttribute("identity", identity.orElse(null));
        model.addAttribute("grant", access.grantFor(request.id()).orElse(null));
        model.addAttribute("now", clock.instant());
        model.addAttribute("zone", displayTime.zone());
        model.addAttribute("studiesUnavailable", false);
        List<Study> studies = List.of();
        if (identity.isPresent()) {
            try {
                studies = access.studiesOf(identity.get());
            } catch (PacsException e) {
                model.addAttribute("studiesUnavailable", true);
            }
        }
        model.addAttribute("studies", studies);
        model.addAttribute(
                "studyIndex",
                studies.stream()
                        .collect(Collectors.toMap(Study::studyInstanceUid, s -> s, (a, b) -> a, LinkedHashMap::new)));
        return "access/staff-request";
    }
}
