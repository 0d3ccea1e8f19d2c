package org.xrayportal.system;

import java.time.Clock;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Admins see which emails are waiting, sent or failed (with the reason), and send a failed one again. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class MailOutboxController {

    private static final int SHOWN = 200;

    private final MailOutbox outbox;
    private final MailOutboxWorker worker;
    private final Clock clock;

    MailOutboxController(MailOutbox outbox, MailOutboxWorker worker, Clock clock) {
        this.outbox = outbox;
        this.worker = worker;
        this.clock = clock;
    }

    @GetMapping("/admin/mail")
    String outbox(Model model) {
        model.addAttribute("counts", outbox.counts());
        model.addAttribute("mails", outbox.latest(SHOWN));
        return "system/outbox";
    }

    @PostMapping("/admin/mail/{id}/retry")
    String retry(@PathVariable long id, RedirectAttributes redirect) {
        boolean queued = outbox.retry(id, clock.instant());
        redirect.addFlashAttribute("message", queued ? "outbox.retried" : "outbox.notRetried");
        if (queued) {
            worker.wake();
        }
        return "redirect:/admin/mail";
    }
}
