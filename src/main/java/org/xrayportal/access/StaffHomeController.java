package org.xrayportal.access;

import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.xrayportal.system.StaffQueueSummary;

/**
 * Staff landing page: each queue of clinic work (identity checks, access requests, consultations, in that order) with
 * how many items wait and the oldest few, each linked. The queues come from their features as beans.
 */
@Controller
@PreAuthorize("hasRole('STAFF')")
class StaffHomeController {

    /** How many of each queue's oldest items the home page lists. */
    static final int FIRST = 5;

    private final List<StaffQueueSummary> queues;

    StaffHomeController(List<StaffQueueSummary> queues) {
        this.queues = queues;
    }

    @GetMapping("/staff")
    String home(Model model) {
        model.addAttribute(
                "queues", queues.stream().map(queue -> queue.summarise(FIRST)).toList());
        return "access/home";
    }
}
