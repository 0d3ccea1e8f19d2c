package org.xrayportal.access;

import java.time.LocalDate;
import org.xrayportal.imaging.DicomUid;
import org.xrayportal.system.ProblemException;

/**
 * Which studies a request asks for, or a grant covers: all of the patient's studies, one study, or the studies taken
 * in a date range (both days included).
 */
public record AccessScope(Kind kind, String studyUid, LocalDate from, LocalDate to) {

    public enum Kind {
        ALL_STUDIES,
        ONE_STUDY,
        DATE_RANGE
    }

    public AccessScope {
        if (kind == null) {
            throw ProblemException.invalid("access.error.scope");
        }
        switch (kind) {
            case ALL_STUDIES -> {
                studyUid = null;
                from = null;
                to = null;
            }
            case ONE_STUDY -> {
                if (!DicomUid.isValid(studyUid)) {
                    throw ProblemException.invalid("access.error.study");
                }
                from = null;
                to = null;
            }
            case DATE_RANGE -> {
                if (from == null || to == null || from.isAfter(to)) {
                    throw ProblemException.invalid("access.error.dateRange");
                }
                studyUid = null;
            }
        }
    }

    public static AccessScope allStudies() {
        return new AccessScope(Kind.ALL_STUDIES, null, null, null);
    }

    public static AccessScope oneStudy(String studyUid) {
        return new AccessScope(Kind.ONE_STUDY, studyUid, null, null);
    }

    public static AccessScope dateRange(LocalDate from, LocalDate to) {
        return new AccessScope(Kind.DATE_RANGE, null, from, to);
    }

    /** Whether a study of the patient's, as the PACS describes it, falls inside this scope. */
    public boolean covers(String studyInstanceUid, LocalDate studyDate) {
        return switch (kind) {
            case ALL_STUDIES -> true;
            case ONE_STUDY -> studyUid.equals(studyInstanceUid);
            case DATE_RANGE -> studyDate != null && !studyDate.isBefore(from) && !studyDate.isAfter(to);
        };
    }
}
