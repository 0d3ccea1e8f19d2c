package org.xrayportal.sharing;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The expiries a patient chooses from: 1 hour to 30 days, no longer than the clinic's maximum. */
enum Expiry {
    HOUR_1("1h", Duration.ofHours(1)),
    DAY_1("1d", Duration.ofDays(1)),
    DAYS_3("3d", Duration.ofDays(3)),
    DAYS_7("7d", Duration.ofDays(7)),
    DAYS_14("14d", Duration.ofDays(14)),
    DAYS_30("30d", Duration.ofDays(30));

    private final String id;
    private final Duration duration;

    Expiry(String id, Duration duration) {
        this.id = id;
        this.duration = duration;
    }

    public String id() {
        return id;
    }

    public Duration duration() {
        return duration;
    }

    static Optional<Expiry> byId(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst();
    }

    /** The choices the clinic allows. */
    static List<Expiry> upTo(Duration max) {
        return Arrays.stream(values())
                .filter(e -> e.duration.compareTo(max) <= 0)
                .toList();
    }

    /** The longest allowed choice not longer than {@code wanted}. */
    static Expiry closest(Duration wanted, Duration max) {
        List<Expiry> allowed = upTo(max);
        return allowed.stream()
                .filter(e -> e.duration.compareTo(wanted) <= 0)
                .reduce((a, b) -> b)
                .orElse(allowed.getFirst());
    }
}
