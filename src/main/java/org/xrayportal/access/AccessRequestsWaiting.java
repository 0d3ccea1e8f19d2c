package org.xrayportal.access;

import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.PatientSummary;
import org.xrayportal.system.StaffQueueSummary;

/** The staff home page's second queue: access requests waiting for a decision, oldest first. */
@Component
@Order(2)
class AccessRequestsWaiting implements StaffQueueSummary {

    private final AccessService access;
    private final AccountService accounts;

    AccessRequestsWaiting(AccessService access, AccountService accounts) {
        this.access = access;
        this.accounts = accounts;
    }

    @Override
    public Summary summarise(int first) {
        AccessService.QueuePage page = access.queue(AccessRequest.Status.SUBMITTED, 0, first);
        Map<Long, PatientSummary> patients = accounts.summariesOf(
                page.requests().stream().map(AccessRequest::accountId).collect(Collectors.toSet()));
        return new Summary(
                "access.queue.heading",
                "/staff/requests",
                page.total(),
                page.requests().stream()
                        .map(r -> new Item(
                                name(patients.get(r.accountId())), r.submittedAt(), "/staff/requests/" + r.id()))
                        .toList());
    }

    private static String name(PatientSummary patient) {
        return patient == null ? "" : patient.name();
    }
}
