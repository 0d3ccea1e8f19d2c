package org.xrayportal.audit;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import org.xrayportal.system.ProblemException;

/**
 * The console's search form as the browser sends it: all text, so that nonsense becomes a clear 400 with a message
 * rather than a binding failure. Dates are whole days in the clinic's time zone, both included.
 */
record AuditSearchForm(
        String patientId,
        String issuer,
        String user,
        String action,
        String outcome,
        String from,
        String to,
        String page) {

    static AuditSearchForm empty() {
        return new AuditSearchForm(null, null, null, null, null, null, null, null);
    }

    AuditCriteria toCriteria(ZoneId zone) {
        check(patientId, 64, "audit.error.patientId");
        check(issuer, 64, "audit.error.issuer");
        check(user, 320, "audit.error.user");
        Instant start = day(from, zone, 0);
        Instant end = day(to, zone, 1);
        if (start != null && end != null && !start.isBefore(end)) {
            throw ProblemException.badRequest("audit.error.range");
        }
        return new AuditCriteria(patientId, issuer, user, parsedAction(), parsedOutcome(), start, end);
    }

    int pageNumber() {
        if (page == null || page.isBlank()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(page.strip());
            if (n >= 0 && n < 1_000_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("audit.error.page");
    }

    private AuditAction parsedAction() {
        if (action == null || action.isBlank()) {
            return null;
        }
        try {
            return AuditAction.valueOf(action.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("audit.error.action");
        }
    }

    private AuditOutcome parsedOutcome() {
        if (outcome == null || outcome.isBlank()) {
            return null;
        }
        try {
            return AuditOutcome.valueOf(outcome.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("audit.error.outcome");
        }
    }

    private static Instant day(String value, ZoneId zone, int plusDays) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value.strip());
            if (date.getYear() < 1900 || date.getYear() > 9999) {
                throw ProblemException.badRequest("audit.error.date");
            }
            return date.plusDays(plusDays).atStartOfDay(zone).toInstant();
        } catch (DateTimeException e) {
            throw ProblemException.badRequest("audit.error.date");
        }
    }

    private static void check(String value, int max, String key) {
        if (value == null) {
            return;
        }
        if (value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest(key);
        }
    }
}
