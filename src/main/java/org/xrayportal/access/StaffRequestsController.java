package org.xrayportal.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
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
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.Study;
import org.xrayportal.security.CurrentUser;
import org.xrayportal.security.PortalUser;
import org.xrayportal.system.DisplayTime;

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
        throw AccessException.invalid("access.error.status");
    }

    @GetMapping("/staff/requests/{id}")
    String detail(@PathVariable long id, Model model) {
        AccessRequest request = access.request(id);
        model.addAttribute("approve", RequestForms.Approve.from(request));
        model.addAttribute("deny", new RequestForms.Reason(""));
        model.addAttribute("extend", new RequestForms.Extend(null, ""));
        model.addAttribute("revoke", new RequestForms.Reason(""));
        return detailPage(request, model);
    }

    @PostMapping("/staff/requests/{id}/approve")
    String approve(
            @CurrentUser PortalUser staff,
            @PathVariable long id,
            @Valid @ModelAttribute("approve") RequestForms.Approve form,
            BindingResult errors,
            HttpServletRequest http,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        AccessScope scope = RequestForms.scopeOf(errors, form::toScope);
        if (form.expiresOn() != null && !displayTime.startOf(form.expiresOn()).isAfter(clock.instant())) {
            errors.rejectValue("expiresOn", "access.error.expiry");
        }
        if (!errors.hasErrors()
                && !identities
                        .compare(access.request(id).accountId(), staff.id())
                        .approvable()) {
            errors.reject("access.identity.notApprovable");
        }
        if (errors.hasErrors()) {
            return invalid(id, model, response, "approve");
        }
        access.approve(
                staff,
                id,
                scope,
                form.expiresOn() == null ? null : displayTime.startOf(form.expiresOn()),
                form.allowDownload(),
                http.getRemoteAddr());
        redirect.addFlashAttribute("flash", "access.flash.approved");
        return "redirect:/staff/requests/" + id;
    }

    @PostMapping("/staff/requests/{id}/deny")
    String deny(
            @CurrentUser PortalUser staff,
            @PathVariable long id,
            @Valid @ModelAttribute("deny") RequestForms.Reason form,
            BindingResult errors,
            HttpServletRequest http,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return invalid(id, model, response, "deny");
        }
        access.deny(staff, id, form.reason(), http.getRemoteAddr());
        redirect.addFlashAttribute("flash", "access.flash.denied");
        return "redirect:/staff/requests/" + id;
    }

    @PostMapping("/staff/requests/{id}/extend")
    String extend(
            @CurrentUser PortalUser staff,
            @PathVariable long id,
            @Valid @ModelAttribute("extend") RequestForms.Extend form,
            BindingResult errors,
            HttpServletRequest http,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return invalid(id, model, response, "extend");
        }
        // The new due date is the end of that day in the clinic's zone.
        access.extend(
                staff,
                id,
                displayTime.startOf(form.newDueDate().plusDays(1)).minusSeconds(1),
                form.reason(),
                http.getRemoteAddr());
        redirect.addFlashAttribute("flash", "access.flash.extended");
        return "redirect:/staff/requests/" + id;
    }

    @PostMapping("/staff/grants/{grantId}/revoke")
    String revoke(
            @CurrentUser PortalUser staff,
            @PathVariable long grantId,
            @RequestParam long requestId,
            @Valid @ModelAttribute("revoke") RequestForms.Reason form,
            BindingResult errors,
            HttpServletRequest http,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return invalid(requestId, model, response, "revoke");
        }
        access.revoke(staff, grantId, form.reason(), http.getRemoteAddr());
        redirect.addFlashAttribute("flash", "access.flash.revoked");
        return "redirect:/staff/requests/" + requestId;
    }

    /** Re-shows the detail page with the failed form's errors and empty other forms. */
    private String invalid(long id, Model model, HttpServletResponse response, String failedForm) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        AccessRequest request = access.request(id);
        if (!"approve".equals(failedForm)) {
            model.addAttribute("approve", RequestForms.Approve.from(request));
        }
        if (!"deny".equals(failedForm)) {
            model.addAttribute("deny", new RequestForms.Reason(""));
        }
        if (!"extend".equals(failedForm)) {
            model.addAttribute("extend", new RequestForms.Extend(null, ""));
        }
        if (!"revoke".equals(failedForm)) {
            model.addAttribute("revoke", new RequestForms.Reason(""));
        }
        return detailPage(request, model);
    }

    private String detailPage(AccessRequest request, Model model) {
        var identity = accounts.identityOf(request.accountId());
        try {
            model.addAttribute("comparison", identities.compare(request.accountId(), signedInStaffId()));
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
                        .collect(java.util.stream.Collectors.toMap(
                                Study::studyInstanceUid, s -> s, (a, b) -> a, java.util.LinkedHashMap::new)));
        return "access/staff-request";
    }

    /** The staff member looking: the PACS lookup is audited under their name. */
    private static long signedInStaffId() {
        var principal = org.springframework.security.core.context.SecurityContextHolder.getContext()
                .getAuthentication()
                .getPrincipal();
        return ((PortalUser) principal).id();
    }
}
