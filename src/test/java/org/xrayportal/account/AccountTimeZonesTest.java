package org.xrayportal.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The time-zone picker's groups and labels, at a winter and a summer instant. */
class AccountTimeZonesTest {

    private final AccountTimeZones timeZones = new AccountTimeZones(null, null);

    @Test
    void regionsWhenWinterThenUtcFirstThenRegionsAlphabeticallyWithCityAndOffset() {
        var regions = timeZones.regions(Instant.parse("2026-11-29T12:00:00Z"));

        assertThat(regions.getFirst().name()).isEqualTo("UTC");
        assertThat(regions.getFirst().choices())
                .containsExactly(new AccountTimeZones.Choice("UTC", "UTC", "UTC+00:00"));
        assertThat(regions.stream().map(AccountTimeZones.Region::name))
                .containsExactly(
                        "UTC",
                        "Africa",
                        "America",
                        "Antarctica",
                        "Asia",
                        "Atlantic",
                        "Australia",
                        "Europe",
                        "Indian",
                        "Pacific");
        assertThat(regions.stream().mapToInt(r -> r.choices().size()).sum())
                .isEqualTo(timeZones.choices().size());
        var europe = regions.stream()
                .filter(r -> r.name().equals("Europe"))
                .findFirst()
                .orElseThrow();
        assertThat(europe.choices())
                .contains(
                        new AccountTimeZones.Choice("Europe/Madrid", "Madrid", "UTC+01:00"),
                        new AccountTimeZones.Choice("Europe/London", "London", "UTC+00:00"));
        var america = regions.stream()
                .filter(r -> r.name().equals("America"))
                .findFirst()
                .orElseThrow();
        assertThat(america.choices())
                .contains(
                        new AccountTimeZones.Choice(
                                "America/Argentina/Buenos_Aires", "Argentina - Buenos Aires", "UTC-03:00"),
                        new AccountTimeZones.Choice("America/St_Johns", "St Johns", "UTC-03:30"));
    }

    @Test
    void regionsWhenSummerThenTheOffsetOfThatDay() {
        var europe = timeZones.regions(Instant.parse("2026-07-01T12:00:00Z")).stream()
                .filter(r -> r.name().equals("Europe"))
                .findFirst()
                .orElseThrow();
        assertThat(europe.choices()).contains(new AccountTimeZones.Choice("Europe/Madrid", "Madrid", "UTC+02:00"));
    }

    @Test
    void utcOffsetWhenZeroOrNegativeThenSignedHoursAndMinutes() {
        assertThat(AccountTimeZones.utcOffset(ZoneOffset.UTC)).isEqualTo("UTC+00:00");
        assertThat(AccountTimeZones.utcOffset(ZoneOffset.ofHoursMinutes(-9, -30)))
                .isEqualTo("UTC-09:30");
        assertThat(AccountTimeZones.utcOffset(ZoneOffset.ofHoursMinutes(5, 45))).isEqualTo("UTC+05:45");
    }

    @Test
    void everyRegionWhenShownThenNamedInEveryLanguage() throws Exception {
        for (String bundle : new String[] {"messages.properties", "messages_es.properties"}) {
            var messages = new Properties();
            try (var in = getClass().getClassLoader().getResourceAsStream(bundle)) {
                messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            for (var region : timeZones.regions(Instant.parse("2026-11-29T12:00:00Z"))) {
                assertThat(messages.getProperty(region.messageKey()))
                        .as(bundle + " " + region.messageKey())
                        .isNotBlank();
            }
        }
    }

    @Test
    void parseWhenNotAChoiceThenEmpty() {
        assertThat(AccountTimeZones.parse("Europe/Madrid")).isPresent();
        assertThat(AccountTimeZones.parse("Mars/Olympus_Mons")).isEmpty();
        assertThat(AccountTimeZones.parse("../../etc/passwd")).isEmpty();
        assertThat(AccountTimeZones.parse(null)).isEmpty();
    }
}
