package org.xrayportal.imaging;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * A study as the portal shows it in a list; every field but the UID may be absent ({@code null}). {@code
 * patientBirthDate} is the study's own PatientBirthDate (0010,0030): the access policy compares it with the account's
 * verified birth date.
 */
public record Study(
        String studyInstanceUid,
        String patientId,
        String issuerOfPatientId,
        String patientName,
        LocalDate studyDate,
        LocalTime studyTime,
        String description,
        List<String> modalities,
        String bodyPartExamined,
        String accessionNumber,
        String referringPhysicianName,
        int numberOfSeries,
        int numberOfInstances,
        LocalDate patientBirthDate) {

    public Study {
        modalities = List.copyOf(modalities);
    }
}
