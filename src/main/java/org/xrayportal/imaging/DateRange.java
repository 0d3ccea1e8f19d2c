package org.xrayportal.imaging;

import java.time.LocalDate;

/** An inclusive range of study dates; either end may be open ({@code null}). */
public record DateRange(LocalDate from, LocalDate to) {

    public static final DateRange ANY = new DateRange(null, null);

    public DateRange {
        if (from != null && to != null && from.isAfter(to)) {
            throw PacsException.invalidRequest("date range ends before it starts");
        }
    }

    boolean isOpen() {
        return from == null && to == null;
    }

    boolean contains(LocalDate date) {
        if (isOpen()) {
            return true;
        }
        if (date == null) {
            return false;
        }
        return (from == null || !date.isBefore(from)) && (to == null || !date.isAfter(to));
    }
}
