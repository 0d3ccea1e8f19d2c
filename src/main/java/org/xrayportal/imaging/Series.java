package org.xrayportal.imaging;

/** A series of a study. */
public record Series(
        String seriesInstanceUid,
        Integer seriesNumber,
        String modality,
        String description,
        String bodyPartExamined,
        int numberOfInstances) {}
