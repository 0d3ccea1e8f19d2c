package org.xrayportal.account;

import java.time.LocalDate;
import java.util.Optional;
import org.xrayportal.shared.PatientIdentity;

/**
 * The seam where staff "look up a PACS identity": the imaging feature implements this with its PACS gateway (a
 * study search by PatientID). Until then {@link #available()} is false and staff screens say the details they typed
 * were not checked against the PACS.
 */
public interface PacsPatientLookup {

    /** Whether a PACS is connected to check identities against. */
    boolean available();

    /** The patient the PACS knows under this identity, or empty when it knows none (or is not available). */
    Optional<PacsPatient> find(PatientIdentity identity);

    /** Demographics the PACS holds for a patient. */
    record PacsPatient(PatientIdentity identity, String name, LocalDate birthDate) {}
}
