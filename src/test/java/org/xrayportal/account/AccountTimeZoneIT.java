package org.xrayportal.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.security.Role;
import org.xrayportal.support.AccountFlowTest;
import org.xrayportal.support.PortalBrowser;
import org.xrayportal.system.DisplayTime;

/**
 * Each account's time zone (issue 16): the browser's at the first sign-in, the account's own after that, changeable on
 * the account page; that session's pages (here the sessions page, no longer ISO in UTC) show times in it, named.
 */
class AccountTimeZoneIT extends AccountFlowTest {

    @Autowired
    AccountTimeZones timeZones;

    @Autowired
    DisplayTime displayTime;

    @Autowired
    JdbcClient jdbc;

    @Test
    void signInWhenFirstThenTheBrowsersZoneIsKeptAndLaterBrowsersDoNotChangeIt() {
        Account patient = newAccount();
        assertThat(timeZones.of(patient.id())).as("the clinic's by default").isEqualTo(displayTime.zone());

        PortalBrowser first = signIn(patient, "America/New_York");
        assertThat(stored(patient)).isEqualTo("America/New_York");
        assertThat(sessionTimes(first)).contains(" EST").doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}");

        PortalBrowser second = signIn(patient, "Asia/Tokyo");
        assertThat(stored(patient)).as("only the first sign-in sets it").isEqualTo("America/New_York");
        assertThat(sessionTimes(second)).contains(" EST").doesNotContain("JST");
    }

    @Test
    void signInWhenTheBrowserSendsABadZoneThenTheClinicsAndNothingStored() {
        Account patient = newAccount();

        PortalBrowser browser = signIn(patient, "Mars/Olympus_Mons");

        assertThat(stored(patient)).isNull();
        assertThat(sessionTimes(browser)).contains(" UTC");
    }

    @Test
    void accountPageWhenZoneChosenThenStoredAndShownAtOnceElseUnprocessable() {
        Account patient = newAccount();
        PortalBrowser browser = signIn(patient, "");
        Document home = Jsoup.parse(browser.get("/account").body());
        assertThat(home.selectFirst("#zone option[selected]").attr("value"))
                .isEqualTo(displayTime.zone().getId());

        var saved = browser.submit("/account", "/account/time-zone", Map.of("zone", "Europe/Madrid"));

        assertThat(saved.redirectsTo("/account")).isTrue();
        assertThat(stored(patient)).isEqualTo("Europe/Madrid");
        Document after = Jsoup.parse(browser.get("/account").body());
        assertThat(after.selectFirst("#zone option[selected]").attr("value")).isEqualTo("Europe/Madrid");
        assertThat(after.selectFirst("#time-zone-hint").text()).containsPattern("\\d{2}:\\d{2} (CET|CEST)");
        assertThat(sessionTimes(browser)).containsPattern("\\d{2}:\\d{2} (CET|CEST)");

        assertThat(browser.submit("/account", "/account/time-zone", Map.of("zone", "Nowhere/At_All"))
                        .status())
                .isEqualTo(422);
        assertThat(browser.submit("/account", "/account/time-zone", Map.of()).status())
                .isEqualTo(422);
        assertThat(stored(patient)).isEqualTo("Europe/Madrid");
    }

    @Test
    void accountPageWhenPickingAZoneThenGroupedByRegionWithCityAndOffsetAndTheZoneIdAsValue() {
        Account patient = newAccount();
        PortalBrowser browser = signIn(patient, "Asia/Kolkata");
        Document home = Jsoup.parse(browser.get("/account").body());

        assertThat(home.select("#zone > optgroup").eachAttr("label"))
                .containsExactly(
                        "Universal time",
                        "Africa",
                        "America",
                        "Antarctica",
                        "Asia",
                        "Atlantic",
                        "Australia",
                        "Europe",
                        "Indian Ocean",
                        "Pacific");
        assertThat(home.select("#zone option")).hasSize(timeZones.choices().size());
        assertThat(home.selectFirst("#zone option").text()).isEqualTo("UTC (Coordinated Universal Time)");
        assertThat(home.selectFirst("#zone option[selected]").attr("value")).isEqualTo("Asia/Kolkata");
        // zones without daylight saving time, so the offsets hold all year
        assertThat(home.selectFirst("#zone option[selected]").text()).isEqualTo("Asia - Kolkata (UTC+05:30)");
        assertThat(home.selectFirst("#zone option[value=America/Argentina/Buenos_Aires]")
                        .text())
                .isEqualTo("America - Argentina - Buenos Aires (UTC-03:00)");
        assertThat(home.selectFirst("#zone optgroup[label=Asia] option[value=Asia/Tokyo]")
                        .text())
                .isEqualTo("Asia - Tokyo (UTC+09:00)");
    }

    private PortalBrowser signIn(Account account, String browserZone) {
        PortalBrowser browser = browser();
        var page = browser.submit(
                "/login", "/login", Map.of("email", account.email(), "password", PASSWORD, "timeZone", browserZone));
        assertThat(page.redirectsTo("/patient")).as("signed in").isTrue();
        return browser;
    }

    private static String sessionTimes(PortalBrowser browser) {
        Document page = Jsoup.parse(browser.get("/account/sessions").body());
        return page.select("main li span").first().text();
    }

    private String stored(Account account) {
        return jdbc.sql("SELECT time_zone FROM account WHERE id = ?")
                .param(account.id())
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private Account newAccount() {
        String email = "zone-" + UUID.randomUUID() + "@example.test";
        return accounts.create(email, "Test patient", Role.PATIENT, PASSWORD);
    }
}
