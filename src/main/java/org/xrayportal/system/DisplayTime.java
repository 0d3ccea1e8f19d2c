package org.xrayportal.system;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Shows stored UTC instants in the time zone of the person reading (issue 16): their account's zone, kept in their
 * session from sign-in ({@link #showIn}), else the clinic's; every time carries its zone ("29 Nov 2026, 15:45 CET").
 * Month names in the language of the page being rendered (English outside a request or for any language the portal
 * does not speak). Templates call it as {@code ${@displayTime.dateTime(x)}}; emails pass the recipient's zone. Rules
 * that count calendar days for the clinic (request deadlines, a date an admin types) use {@link #zone()}.
 */
@Component("displayTime")
public class DisplayTime {

    /** The session attribute holding the zone of the person signed in ({@link ZoneId}). */
    public static final String SESSION_ZONE = DisplayTime.class.getName() + ".zone";

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm z", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm z", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter YEAR = DateTimeFormatter.ofPattern("yyyy", Locale.ENGLISH);

    private final ZoneId zone;

    DisplayTime(Properties properties) {
        this.zone = properties.timeZone() == null ? ZoneId.of("UTC") : properties.timeZone();
    }

    /** The clinic's zone: the default for every account, and the calendar of the clinic's own rules. */
    public ZoneId zone() {
        return zone;
    }

    /** The zone of the person reading this page: their account's (from their session), else the clinic's. */
    public ZoneId shownZone() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null
                && request.getAttribute(SESSION_ZONE, RequestAttributes.SCOPE_SESSION) instanceof ZoneId personal) {
            return personal;
        }
        return zone;
    }

    /** Shows this session's pages in {@code personal} from the next request on. */
    public static void showIn(HttpServletRequest request, ZoneId personal) {
        request.getSession().setAttribute(SESSION_ZONE, personal);
    }

    public String dateTime(Instant instant) {
        return instant == null ? "" : inLanguage(DATE_TIME).format(instant.atZone(shownZone()));
    }

    /** For an email: in the recipient's zone, which is named, and the recipient's language. */
    public String dateTime(Instant instant, ZoneId recipient, Locale language) {
        Locale supported = LanguageConfiguration.supported(language.getLanguage());
        DateTimeFormatter formatter = supported == null ? DATE_TIME : DATE_TIME.withLocale(supported);
        return instant == null ? "" : formatter.format(instant.atZone(recipient));
    }

    /** Only the time of day, with its zone: "15:45 CET". */
    public String time(Instant instant) {
        return instant == null ? "" : inLanguage(TIME).format(instant.atZone(shownZone()));
    }

    public String date(Instant instant) {
        return instant == null ? "" : inLanguage(DATE).format(instant.atZone(shownZone()));
    }

    public String date(LocalDate date) {
        return date == null ? "" : inLanguage(DATE).format(date);
    }

    /**
     * A date shown only as precisely as it was recorded: {@code precision} is {@code DAY}, {@code MONTH} or {@code YEAR}
     * (a DICOM study date may hold only a year, or a year and month); {@code ""} without a date.
     */
    public String date(LocalDate date, Object precision) {
        if (date == null) {
            return "";
        }
        String name = precision == null ? "DAY" : precision.toString();
        return switch (name) {
            case "MONTH" -> inLanguage(MONTH).format(date);
            case "YEAR" -> inLanguage(YEAR).format(date);
            default -> inLanguage(DATE).format(date);
        };
    }

    private static DateTimeFormatter inLanguage(DateTimeFormatter formatter) {
        Locale page =
                LanguageConfiguration.supported(LocaleContextHolder.getLocale().getLanguage());
        return page == null ? formatter : formatter.withLocale(page);
    }

    /** The first instant of {@code date} in the clinic's zone. */
    public Instant startOf(LocalDate date) {
        return date.atStartOfDay(zone).toInstant();
    }

    /** @param timeZone the clinic's time zone for dates shown to people; UTC when unset */
    @ConfigurationProperties("portal.display")
    record Properties(ZoneId timeZone) {}
}
