package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Every time shown carries its zone; a signed-in person's zone (in their session) wins over the clinic's. */
class DisplayTimeTest {

    static final Instant AT = Instant.parse("2026-11-29T14:45:00Z");
    final DisplayTime clinic = new DisplayTime(new DisplayTime.Properties(ZoneId.of("Europe/Berlin")));

    @AfterEach
    void clear() {
        RequestContextHolder.resetRequestAttributes();
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void dateTimeWhenNoPersonalZoneThenTheClinicsWithItsName() {
        assertThat(clinic.dateTime(AT)).isEqualTo("29 Nov 2026, 15:45 CET");
        assertThat(clinic.time(AT)).isEqualTo("15:45 CET");
        assertThat(clinic.date(AT)).isEqualTo("29 Nov 2026");
    }

    @Test
    void dateTimeWhenTheSessionHasAZoneThenThatZone() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        DisplayTime.showIn(request, ZoneId.of("America/New_York"));
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));

        assertThat(clinic.shownZone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(clinic.dateTime(AT)).isEqualTo("29 Nov 2026, 09:45 EST");
        assertThat(clinic.zone()).as("the clinic's own rules keep its zone").isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void dateTimeWhenSpanishPageThenSpanishMonthAndTheZone() {
        LocaleContextHolder.setLocale(Locale.forLanguageTag("es"));

        assertThat(clinic.dateTime(AT)).isEqualTo("29 nov 2026, 15:45 CET");
    }

    @Test
    void dateTimeForAnEmailWhenRecipientZoneAndLanguageThenThose() {
        LocaleContextHolder.setLocale(Locale.ENGLISH); // the staff member's page, not the recipient's

        assertThat(clinic.dateTime(AT, ZoneId.of("Europe/Madrid"), Locale.forLanguageTag("es")))
                .isEqualTo("29 nov 2026, 15:45 CET");
        assertThat(clinic.dateTime(AT, ZoneId.of("UTC"), Locale.ENGLISH)).isEqualTo("29 Nov 2026, 14:45 UTC");
    }
}
