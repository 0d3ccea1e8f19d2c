package org.xrayportal.system;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Shows stored UTC instants in the clinic's time zone, with month names in the language of the page being rendered
 * (English outside a request or for any language the portal does not speak). Templates call it as
 * {@code ${@displayTime.dateTime(x)}}.
 */
@Component("displayTime")
public class DisplayTime {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter YEAR = DateTimeFormatter.ofPattern("yyyy", Locale.ENGLISH);

    private final ZoneId zone;

    DisplayTime(Properties properties) {
        this.zone = properties.timeZone() == null ? ZoneId.of("UTC") : properties.timeZone();
    }

    public ZoneId zone() {
        return zone;
    }

    public String dateTime(Instant instant) {
        return instant == null ? "" : inLanguage(DATE_TIME).format(instant.atZone(zone));
    }

    public String date(Instant instant) {
        return instant == null ? "" : inLanguage(DATE).format(instant.atZone(zone));
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
