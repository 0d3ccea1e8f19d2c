package org.xrayportal.imaging;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** A study as the portal shows it in a list; every field but the UID may be absent ({@code null}). */
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
        int numberOfInstances) {

    public Study {
        modalities = List.copyOf(modalities);
    }
}
