package org.xrayportal.account;

import java.time.LocalDate;
import java.util.List;
import org.xrayportal.shared.PatientIdentity;

/**
 * Where staff screens learn what the PACS holds for a PatientID (and issuer): implemented by the access feature over
 * the PACS gateway ({@code access.PacsPatientDirectory}). Each identity returned has been audited as a query (DICOM
 * 110112) by the staff member under that identity, so it shows on that patient's timeline.
 */
public interface PacsPatientLookup {

    /**
     * One entry per exact (PatientID, issuer) the PACS holds, never merged: for an identity with an issuer at most one,
     * without one an entry per issuer. Empty when the PACS has no study with that PatientID.
     *
     * @throws RuntimeException (the gateway's PacsException) when the PACS cannot be asked
     */
    List<PacsPatient> find(PatientIdentity identity, long staffId);

    /** Demographics the PACS holds for one identity, from its newest study; name, birth date and sex may be null. */
    record PacsPatient(
            PatientIdentity identity,
            String name,
            LocalDate birthDate,
            String sex,
            int numberOfStudies,
            LocalDate latestStudyDate,
            boolean birthDatesDiffer) {}
}
