package org.xrayportal.account;

import jakarta.servlet.http.HttpServletRequest;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.xrayportal.system.DisplayTime;

/**
 * The time zone each account reads times in (issue 16): the clinic's until the browser tells us otherwise at the first
 * sign-in, then whatever the person chooses on the account page. Pages show it through {@link DisplayTime} (kept in
 * the session from sign-in); emails ask {@link #of(long)}.
 */
@Service
public class AccountTimeZones {

    /** The form field the sign-in page fills from the browser ({@code Intl.DateTimeFormat}). */
    public static final String BROWSER_ZONE_PARAMETER = "timeZone";

    private static final List<String> CHOICES = ZoneId.getAvailableZoneIds().stream()
            .filter(id -> id.equals("UTC")
                    || id.matches("(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe"
                            + "|Indian|Pacific)/[A-Za-z0-9_+/-]+"))
            .sorted()
            .toList();

    private final JdbcClient jdbc;
    private final DisplayTime displayTime;

    AccountTimeZones(JdbcClient jdbc, DisplayTime displayTime) {
        this.jdbc = jdbc;
        this.displayTime = displayTime;
    }

    /** The zone to write to this account in: its own, else the clinic's. */
    public ZoneId of(long accountId) {
        return stored(accountId).orElse(displayTime.zone());
    }

    /** Every zone a person may choose, by IANA id. */
    public List<String> choices() {
        return CHOICES;
    }

    /** The zone with this id if a person may choose it. */
    public static Optional<ZoneId> parse(String id) {
        if (id == null || !CHOICES.contains(id)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * At sign-in: an account without a zone takes the browser's (when the sign-in form sent a valid one); this
     * session's pages show the account's zone from now on.
     */
    public void atSignIn(long accountId, HttpServletRequest request) {
        Optional<ZoneId> stored = stored(accountId);
        ZoneId zone = stored.orElseGet(() -> {
            Optional<ZoneId> browser = parse(request.getParameter(BROWSER_ZONE_PARAMETER));
            browser.ifPresent(found -> jdbc.sql("UPDATE account SET time_zone = ? WHERE id = ? AND time_zone IS NULL")
                    .params(found.getId(), accountId)
                    .update());
            return browser.orElse(displayTime.zone());
        });
        DisplayTime.showIn(request, zone);
    }

    /** A choice made on the account page: stored, and this session's pages follow it at once. */
    void change(long accountId, ZoneId zone, HttpServletRequest request) {
        jdbc.sql("UPDATE account SET time_zone = ? WHERE id = ?")
                .params(zone.getId(), accountId)
                .update();
        DisplayTime.showIn(request, zone);
    }

    private Optional<ZoneId> stored(long accountId) {
        return jdbc.sql("SELECT time_zone FROM account WHERE id = ?")
                .param(accountId)
                .query(String.class)
                .optional()
                .flatMap(id -> {
                    try {
                        return Optional.of(ZoneId.of(id));
                    } catch (DateTimeException e) {
                        return Optional.empty();
                    }
                });
    }
}
