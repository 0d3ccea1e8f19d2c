package org.xrayportal.consultation;

import java.time.Instant;
import java.time.LocalDate;
import org.xrayportal.system.ProblemException;

/**
 * A patient's question about one study. It changes state only through the guarded methods below, which refuse an
 * illegal step with a 409 {@link ProblemException}: OPEN → IN_PROGRESS → ANSWERED → CLOSED.
 */
public record Consultation(
        long id,
        long accountId,
        String patientId,
        String issuerOfPatientId,
        String studyUid,
        LocalDate studyDate,
        String studyDescription,
        String question,
        ContactMethod contactMethod,
        String phone,
        String preferredTimes,
        Status status,
        Instant createdAt,
        Instant startedAt,
        Long startedBy,
        String answer,
        Instant answeredAt,
        Long answeredBy,
        Instant closedAt) {

    public enum Status {
        OPEN,
        IN_PROGRESS,
        ANSWERED,
        CLOSED
    }

    public enum ContactMethod {
        PHONE,
        EMAIL,
        PORTAL
    }

    Consultation start(long staffId, Instant now) {
        require(Status.OPEN, "consultation.error.start");
        return with(Status.IN_PROGRESS, now, staffId, answer, answeredAt, answeredBy, closedAt);
    }

    Consultation answer(long staffId, String text, Instant now) {
        require(Status.IN_PROGRESS, "consultation.error.answer");
        if (text == null || text.isBlank()) {
            throw ProblemException.invalid("consultation.form.answer.required");
        }
        return with(Status.ANSWERED, startedAt, startedBy, text.strip(), now, staffId, closedAt);
    }

    Consultation close(Instant now) {
        require(Status.ANSWERED, "consultation.error.close");
        return with(Status.CLOSED, startedAt, startedBy, answer, answeredAt, answeredBy, now);
    }

    public boolean isAnswered() {
        return answer != null;
    }

    private void require(Status expected, String messageKey) {
        if (status != expected) {
            throw ProblemException.conflict(messageKey);
        }
    }

    private Consultation with(
            Status newStatus,
            Instant started,
            Long startedByStaff,
            String answerText,
            Instant answered,
            Long answeredByStaff,
            Instant closed) {
        return new Consultation(
                id,
                accountId,
                patientId,
                issuerOfPatientId,
                studyUid,
                studyDate,
                studyDescription,
                question,
                contactMethod,
                phone,
                preferredTimes,
                newStatus,
                createdAt,
                started,
                startedByStaff,
                answerText,
                answered,
                answeredByStaff,
                closed);
    }
}
