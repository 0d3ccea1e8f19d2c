package org.xrayportal.account.identity;

import java.time.Instant;

/**
 * An identity problem in the staff queue. {@code patientId}/{@code issuer} are the stored values as they are (an
 * INVALID_STORED_IDENTITY alert reports values that break the rules, so they are not a PatientIdentity).
 */
public record IdentityAlert(
        long id,
        Kind kind,
        Long accountId,
        String accountEmail,
        String patientId,
        String issuer,
        String studyUid,
        String detail,
        Instant raisedAt,
        Instant resolvedAt,
        String resolution) {

    public enum Kind {
        /** A study's PatientBirthDate differs from the account's verified birth date; the study is withheld. */
        BIRTH_DATE_MISMATCH,
        /** The patient said a study is not theirs; the account's image access is suspended. */
        NOT_MY_IMAGES,
        /** A stored link or code breaks the identity rules (reported by migration V41). */
        INVALID_STORED_IDENTITY
    }
}
