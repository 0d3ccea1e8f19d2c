package org.xrayportal.account;

import java.time.Instant;
import java.time.LocalDate;
import org.xrayportal.shared.PatientIdentity;

/**
 * A patient account's link to its PACS identity, as the access policy needs it.
 *
 * @param verifiedBirthDate the birth date staff matched against the PACS (null for links older than this check)
 * @param noStudyYet linked while the PACS had no study of the identity (an explicit, audited staff choice)
 * @param imagesSuspendedAt when the patient reported "not my images"; no image access while set
 */
public record LinkedIdentity(
        PatientIdentity identity, LocalDate verifiedBirthDate, boolean noStudyYet, Instant imagesSuspendedAt) {

    public boolean imagesSuspended() {
        return imagesSuspendedAt != null;
    }
}
