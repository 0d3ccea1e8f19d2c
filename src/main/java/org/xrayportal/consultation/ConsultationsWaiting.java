package org.xrayportal.consultation;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.PatientSummary;
import org.xrayportal.system.StaffQueueSummary;

/** The staff home page's third queue: consultation requests sent or taken but not answered yet, oldest first. */
@Component
@Order(3)
class ConsultationsWaiting implements StaffQueueSummary {

    static final List<Consultation.Status> WAITING = List.of(Consultation.Status.OPEN, Consultation.Status.IN_PROGRESS);

    private final Consultations consultations;
    private final AccountService accounts;

    ConsultationsWaiting(Consultations consultations, AccountService accounts) {
        this.consultations = consultations;
        this.accounts = accounts;
    }

    @Override
    public Summary summarise(int first) {
        List<Consultation> oldest = consultations.withStatus(WAITING, first);
        Map<Long, PatientSummary> patients = accounts.summariesOf(
                oldest.stream().map(Consultation::accountId).collect(Collectors.toSet()));
        return new Summary(
                "consultation.queue.heading",
                "/staff/consultations",
                consultations.countWithStatus(WAITING),
                oldest.stream()
                        .map(c -> new Item(
                                name(patients.get(c.accountId())), c.createdAt(), "/staff/consultations/" + c.id()))
                        .toList());
    }

    private static String name(PatientSummary patient) {
        return patient == null ? "" : patient.name();
    }
}
