package org.xrayportal.imaging;

import java.time.LocalDate;
import org.xrayportal.shared.PatientIdentity;

/**
 * What the PACS holds for one exact identity (PatientID and issuer, the issuer {@code null} where the PACS has none):
 * the demographics of its newest study, how many studies it has and the date of the newest. Name, birth date and sex
 * may be absent ({@code null}). {@code birthDatesDiffer} is true when the identity's studies carry different birth
 * dates (a PACS data problem staff must see).
 */
public record PacsPatient(
        PatientIdentity identity,
        String name,
        LocalDate birthDate,
        String sex,
        int numberOfStudies,
        LocalDate latestStudyDate,
        boolean birthDatesDiffer) {}
