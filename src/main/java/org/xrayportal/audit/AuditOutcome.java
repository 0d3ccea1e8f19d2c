package org.xrayportal.audit;

/** EventOutcomeIndicator of DICOM PS3.15 A.5.1. */
public enum AuditOutcome {
    SUCCESS(0),
    MINOR_FAILURE(4),
    SERIOUS_FAILURE(8),
    MAJOR_FAILURE(12);

    private final int indicator;

    AuditOutcome(int indicator) {
        this.indicator = indicator;
    }

    public int indicator() {
        return indicator;
    }

    /** The outcome with this EventOutcomeIndicator. */
    public static AuditOutcome of(int indicator) {
        for (AuditOutcome o : values()) {
            if (o.indicator == indicator) {
                return o;
            }
        }
        throw new IllegalArgumentException("no outcome " + indicator);
    }
}
