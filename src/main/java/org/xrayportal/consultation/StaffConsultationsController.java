package org.xrayportal.consultation;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.Actor;
import org.xrayportal.account.PatientSummary;
import org.xrayportal.system.ProblemException;

/** The staff queue: take a request, answer it (the patient is emailed to sign in), close it. */
@Controller
@RequestMapping("/staff/consultations")
@PreAuthorize("hasRole('STAFF')")
class StaffConsultationsController {

    private final ConsultationService consultations;
    private final AccountService accounts;

    StaffConsultationsController(ConsultationService consultations, AccountService accounts) {
        this.consultations = consultations;
        this.accounts = accounts;
    }

    @GetMapping
    String queue(@RequestParam(name = "status", required = false) String filter, Model model) {
        Consultation.Status status = parseStatus(filter);
        List<Consultation.Status> shown =
                status == null ? List.of(Consultation.Status.OPEN, Consultation.Status.IN_PROGRESS) : List.of(status);
        model.addAttribute("status", status);
        model.addAttribute("statuses", Consultation.Status.values());
        List<Consultation> queue = consultations.queue(shown);
        // One query for every row's patient, not one per row.
        Map<Long, PatientSummary> patients =
                accounts.summariesOf(queue.stream().map(Consultation::accountId).collect(Collectors.toSet()));
        model.addAttribute(
                "rows",
                queue.stream()
                        .map(c -> new QueueRow(c, patients.get(c.accountId())))
                        .toList());
        return "consultation/staff-queue";
    }

    /** One line of the queue: the request and who asked (null if the account is gone). */
    record QueueRow(Consultation consultation, PatientSummary patient) {}

    /** No filter (or an empty one) is the default queue; an unknown one is a 400 that names the problem. */
    private static Consultation.Status parseStatus(String filter) {
        if (filter == null || filter.isEmpty()) {
            return null;
        }
        for (Consultation.Status candidate : Consultation.Status.values()) {
            if (candidate.name().equals(filter)) {
                return candidate;
            }
        }
        throw ProblemException.badRequest("consultation.error.status");
    }

    @GetMapping("/{id}")
    String detail(@PathVariable long id, Model model) {
        model.addAttribute("form", new StaffAnswerForm(""));
        return detailPage(id, model);
    }

    @PostMapping("/{id}/start")
    String start(Actor staff, @PathVariable long id, RedirectAttributes redirect) {
        consultations.start(staff, id);
        redirect.addFlashAttribute("flash", "consultation.flash.started");
        return "redirect:/staff/consultations/" + id;
    }

    @PostMapping("/{id}/answer")
    String answer(
            Actor staff,
            @PathVariable long id,
            @Valid @ModelAttribute("form") StaffAnswerForm form,
            BindingResult errors,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return detailPage(id, model);
        }
        consultations.answer(staff, id, form.answer());
        redirect.addFlashAttribute("flash", "consultation.flash.answered");
        return "redirect:/staff/consultations/" + id;
    }

    @PostMapping("/{id}/close")
    String close(Actor staff, @PathVariable long id, RedirectAttributes redirect) {
        consultations.close(staff, id);
        redirect.addFlashAttribute("flash", "consultation.flash.closed");
        return "redirect:/staff/consultations/" + id;
    }

    private String detailPage(long id, Model model) {
        Consultation consultation = consultations.find(id);
        model.addAttribute("consultation", consultation);
        model.addAttribute(
                "patient", accounts.findById(consultation.accountId()).orElse(null));
        return "consultation/staff-detail";
    }
}
