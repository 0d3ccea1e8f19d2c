package org.xrayportal.consultation;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xrayportal.account.AccountLanguages;
import org.xrayportal.account.AccountService;
import org.xrayportal.account.AccountTimeZones;
import org.xrayportal.account.Actor;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.imaging.Study;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.system.DisplayTime;
import org.xrayportal.system.PortalMail;
import org.xrayportal.system.ProblemException;

/**
 * The consultation feature's public API. The caller ({@link ConsultationRequestController}) has already checked, through
 * access's study access policy, that the patient may see the study; each change is audited in its own transaction with
 * the change, and the patient is emailed, without any medical content, when the answer is ready.
 */
@Service
public class ConsultationService {

    private final Consultations consultations;
    private final AccountService accounts;
    private final AuditLog auditLog;
    private final PortalMail mail;
    private final AccountLanguages languages;
    private final AccountTimeZones timeZones;
    private final DisplayTime displayTime;
    private final Clock clock;

    ConsultationService(
            Consultations consultations,
            AccountService accounts,
            AuditLog auditLog,
            PortalMail mail,
            AccountLanguages languages,
            AccountTimeZones timeZones,
            DisplayTime displayTime,
            Clock clock) {
        this.languages = languages;
        this.timeZones = timeZones;
        this.displayTime = displayTime;
        this.consultations = consultations;
        this.accounts = accounts;
        this.auditLog = auditLog;
        this.mail = mail;
        this.clock = clock;
    }

    /** A patient asks about a study the access policy has just admitted for them. */
    @Transactional
    public Consultation submit(Actor patient, PatientIdentity identity, Study study, ConsultationForm form) {
        if (form.phoneMissing()) {
            throw ProblemException.invalid("consultation.form.phone.required");
        }
        String description = study.description();
        var consultation = new Consultation(
                0,
                patient.accountId(),
                identity.patientId(),
                identity.issuer(),
                study.studyInstanceUid(),
                study.studyDate(),
                description == null ? null : description.substring(0, Math.min(200, description.length())),
                form.question().strip(),
                form.contactMethod(),
                form.contactMethod() == Consultation.ContactMethod.PHONE
                        ? form.phone().strip()
                        : null,
                blankToNull(form.preferredTimes()),
                Consultation.Status.OPEN,
                clock.instant(),
                null,
                null,
                null,
                null,
                null,
                null);
        long id = consultations.insert(consultation);
        auditLog.record(audit(AuditAction.CONSULTATION_REQUESTED, patient, consultation)
                .detail("consultation", id)
                .detail("contactMethod", form.contactMethod().name())
                .build());
        return consultations.find(id).orElseThrow();
    }

    public List<Consultation> ofPatient(long accountId) {
        return consultations.ofAccount(accountId);
    }

    public List<Consultation> ofPatientForStudy(long accountId, String studyUid) {
        return consultations.ofAccount(accountId).stream()
                .filter(c -> c.studyUid().equals(studyUid))
                .toList();
    }

    // ---- Staff

    /** Oldest first; at most 200 per status filter. */
    public List<Consultation> queue(List<Consultation.Status> statuses) {
        return consultations.withStatus(statuses, 200);
    }

    public Consultation find(long id) {
        return consultations.find(id).orElseThrow(ProblemException::notFound);
    }

    @Transactional
    public void start(Actor staff, long id) {
        Consultation c = find(id);
        save(c.start(staff.accountId(), clock.instant()), c);
    }

    @Transactional
    public void answer(Actor staff, long id, String answer) {
        Consultation c = find(id);
        Consultation answered = c.answer(staff.accountId(), answer, clock.instant());
        save(answered, c);
        auditLog.record(audit(AuditAction.CONSULTATION_ANSWERED, staff, c)
                .detail("consultation", id)
                .build());
        accounts.findById(c.accountId()).ifPresent(patient -> {
            Locale language = languages.of(patient.id());
            mail.send(
                    patient.email(),
                    language,
                    "consultationAnswered",
                    patient.displayName(),
                    mail.link("/patient/consultations"),
                    // When they asked, in their own zone and language (issue 16).
                    displayTime.dateTime(c.createdAt(), timeZones.of(patient.id()), language));
        });
    }

    @Transactional
    public void close(Actor staff, long id) {
        Consultation c = find(id);
        save(c.close(clock.instant()), c);
    }

    private void save(Consultation changed, Consultation before) {
        if (!consultations.update(changed, before.status())) {
            throw ProblemException.conflict("consultation.error.changedMeanwhile");
        }
    }

    private AuditEvent.Builder audit(AuditAction action, Actor actor, Consultation consultation) {
        return AuditEvent.of(action, AuditOutcome.SUCCESS)
                .actor(actor.accountId(), actor.name(), actor.role().name())
                .clientAddress(actor.clientAddress())
                .patient(consultation.patientId(), consultation.issuerOfPatientId())
                .study(consultation.studyUid());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
