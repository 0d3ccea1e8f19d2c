package org.xrayportal.imaging;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * A study as the portal shows it in a list; every field but the UID may be absent ({@code null}). A partial study date
 * is the first day of its month or year, with {@link #studyDatePrecision()} saying which ({@code null} without a date). {@code
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
        DatePrecision studyDatePrecision,
        LocalDate patientBirthDate) {

    public Study {
        modalities = List.copyOf(modalities);
        studyDatePrecision =
                studyDate == null ? null : studyDatePrecision == null ? DatePrecision.DAY : studyDatePrecision;
    }
}
