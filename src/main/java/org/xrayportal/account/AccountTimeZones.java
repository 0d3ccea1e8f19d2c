package org.xrayportal.account;

import jakarta.servlet.http.HttpServletRequest;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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

    /**
     * The choices as the picker shows them: grouped by region (UTC first, then regions alphabetically), each zone by its
     * city and its offset from UTC at {@code now} ("Madrid (UTC+01:00)"); the value stays the zone id.
     */
    public List<Region> regions(Instant now) {
        Map<String, List<Choice>> byRegion = new TreeMap<>();
        for (String id : CHOICES) {
            int slash = id.indexOf('/');
            String region = slash < 0 ? id : id.substring(0, slash);
            String place =
                    slash < 0 ? id : id.substring(slash + 1).replace('_', ' ').replace("/", " - ");
            byRegion.computeIfAbsent(region, r -> new ArrayList<>())
                    .add(new Choice(
                            id, place, utcOffset(ZoneId.of(id).getRules().getOffset(now))));
        }
        List<Region> regions = new ArrayList<>();
        List<Choice> utc = byRegion.remove("UTC");
        if (utc != null) {
            regions.add(new Region("UTC", utc));
        }
        byRegion.forEach((region, choices) -> regions.add(new Region(region, List.copyOf(choices))));
        return List.copyOf(regions);
    }

    /** "UTC+01:00", "UTC-03:30", "UTC+00:00". */
    static String utcOffset(ZoneOffset offset) {
        return "UTC" + (offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId());
    }

    /** One group of the picker; {@code name} is the IANA region (Europe, America...), named in the bundles. */
    public record Region(String name, List<Choice> choices) {

        /** The message naming the region in the reader's language. */
        public String messageKey() {
            return "timeZone.region." + name;
        }
    }

    /** One zone of the picker: its id (the stored value), its place ("Buenos Aires", "Argentina - Buenos Aires"). */
    public record Choice(String id, String place, String offset) {}

    /**
     * A new account takes the zone its browser sent with the activation or registration form, when it is one a person
     * may choose (else it keeps the clinic's until the first sign-in or a choice).
     */
    public void takeBrowserZone(long accountId, String browserZone) {
        parse(browserZone)
                .ifPresent(zone -> jdbc.sql("UPDATE account SET time_zone = ? WHERE id = ? AND time_zone IS NULL")
                        .params(zone.getId(), accountId)
                        .update());
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
