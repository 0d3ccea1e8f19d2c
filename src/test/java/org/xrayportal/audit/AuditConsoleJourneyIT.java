package org.xrayportal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Cookie;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.account.AccountService;
import org.xrayportal.security.Role;
import org.xrayportal.support.Browser;
import org.xrayportal.support.BrowserExtension;
import org.xrayportal.support.PortalIntegrationTest;
import org.xrayportal.support.TestPostgres;

/**
 * The privacy officer in a real Chromium: searches the trail for one patient, exports the search as CSV with their
 * own session, verifies the chain, and sees a row altered by the database owner named on the page. Every page is
 * checked with axe-core at desktop and phone size.
 */
@PortalIntegrationTest(webEnvironment = RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
class AuditConsoleJourneyIT {

    private static final String PASSWORD = "correct horse battery staple 9";

    @Autowired
    AccountService accounts;

    @Autowired
    AuditLog auditLog;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestPostgres.Database testDatabase;

    @Test
    void searchExportAndVerifyWhenARowIsTamperedThenTheBreakIsShown(Browser browser) throws Exception {
        String email = "officer-" + UUID.randomUUID() + "@example.test";
        accounts.create(email, "Pat Privacy", Role.ADMIN, PASSWORD);
        String pid = "J-" + UUID.randomUUID().toString().substring(0, 8);
        // The portal account linked to that PACS identity names the patient on the timeline (issue 16).
        var linked = accounts.create(
                "linked-" + UUID.randomUUID() + "@example.test", "Jürgen Müller", Role.PATIENT, PASSWORD);
        jdbc.sql("""
                        INSERT INTO patient_identity_link
                            (account_id, patient_id, issuer_of_patient_id, linked_at, method)
                        VALUES (?, ?, 'XRAY-CLINIC', now(), 'STAFF_VERIFIED')
                        """).params(linked.id(), pid).update();
        for (int i = 0; i < 3; i++) {
            auditLog.record(AuditEvent.of(AuditAction.VIEW, AuditOutcome.SUCCESS)
                    .actor(99L, "patient@example.test", "PATIENT")
                    .clientAddress("192.0.2.99")
                    .patient(pid, "XRAY-CLINIC")
                    // a full-length (64 character) UID, as real studies carry
                    .study("1.2.826.0.1.3680043.8.498.1234567890123456789012345678901234567" + i)
                    .detail("view", "series")
                    .detail("request", "4f3c2a1b-9d8e-4c7b-a6f5-0e1d2c3b4a59")
                    // a long key and a sentence, as identity checks and revocations write them
                    .detail("nameDiffersFromPacs", "true")
                    .detail("reason", "The patient asked by telephone for this study to be withheld")
                    .build());
        }

        browser.open("/login").signIn(email, PASSWORD).waitForPath("/admin");
        browser.checkBothSizes("admin-home");

        // Search by patient.
        browser.find("nav.site-nav a[href='/admin/audit']").click();
        browser.waitForPath("/admin/audit");
        browser.find("#patientId").sendKeys(pid);
        browser.find("#audit-search button[type=submit]").click();
        browser.wait(d -> browser.text("#audit-total").contains("3 events match"));
        assertThat(browser.findAll("table.audit-table tbody tr")).hasSize(3);
        assertThat(browser.text("table.audit-table")).contains("110103", "DICOM Instances Accessed");
        // The Event column names the event as the filter does, the DICOM code and its meaning on a second line.
        assertThat(browser.text("table.audit-table tbody tr td.event .event-label"))
                .isEqualTo("Patient viewed images");
        assertThat(browser.find("table.audit-table tbody tr td.actor").getAttribute("textContent"))
                .as("the address reads and copies whole")
                .containsSubsequence("patient@example.test", "patient");
        assertThat(browser.text("table.audit-table tbody tr td.event .event-code"))
                .isEqualTo("110103 · DICOM Instances Accessed");
        assertThat(browser.find("#action option[value=VIEW]").getText()).isEqualTo("Patient viewed images");
        var uid = browser.find("table.audit-table tbody tr td.uid .uid-value");
        assertThat(uid.getAttribute("title"))
                .as("the full UID stays available as the title")
                .isEqualTo("1.2.826.0.1.3680043.8.498.12345678901234567890123456789012345672");
        assertThat(uid.getAttribute("textContent"))
                .as("and as the text a copy takes")
                .isEqualTo(uid.getAttribute("title"));
        browser.checkBothSizes("audit-search");
        // On a 1,366 px laptop screen every column fits: the details read as key/value pairs, nothing is cut off.
        browser.desktop().driver().manage().window().setSize(new org.openqa.selenium.Dimension(1366, 768));
        assertThat(browser.text("table.audit-table tbody tr")).contains("What was seen", "Series", "Request no.");
        assertThat((Boolean) browser.driver()
                        .executeScript("var s = document.querySelector('.table-scroll');"
                                + " return s.scrollWidth <= s.clientWidth;"))
                .as("the audit table needs no horizontal scrolling at 1,366 px")
                .isTrue();
        assertThat((Boolean) browser.driver()
                        .executeScript("var u = document.querySelector('td.uid .uid-value');"
                                + " return u.scrollWidth > u.clientWidth && u.getClientRects().length == 1"
                                + " && u.getBoundingClientRect().height < 30;"))
                .as("at 1,366 px a long UID takes one line, cut with an ellipsis")
                .isTrue();
        assertThat(wordsBrokenInDetails(browser))
                .as("at 1,366 px the details wrap between words, never inside one")
                .isEmpty();
        browser.screenshot("audit-search-1366");
        // On a phone the table scrolls inside its own region, never the page.
        browser.phone();
        assertThat((Boolean) browser.driver()
                        .executeScript("return document.documentElement.scrollWidth"
                                + " <= document.documentElement.clientWidth;"))
                .as("no page-wide horizontal scrolling at phone width")
                .isTrue();
        assertThat(wordsBrokenInDetails(browser))
                .as("on a phone too the details wrap between words")
                .isEmpty();
        browser.screenshot("audit-search-phone");
        browser.desktop();

        // The CSV of that search, fetched with the officer's own session.
        String href = browser.find("#export-csv").getAttribute("href");
        Cookie session = browser.driver().manage().getCookieNamed("PORTALSESSION");
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> csv = http.send(
                    HttpRequest.newBuilder(URI.create(href))
                            .header("Cookie", "PORTALSESSION=" + session.getValue())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.body().split("\r\n")).hasSize(4);
            assertThat(csv.body()).contains(pid, "110103", "192.0.2.99");
        }

        // The patient's timeline from a row.
        browser.find("table.audit-table tbody tr a").click();
        browser.waitForPath("/admin/audit/timeline");
        assertThat(browser.text("main h1")).isEqualTo("Timeline of Jürgen Müller (PatientID " + pid + ")");
        assertThat(browser.text("#timeline-names")).endsWith(": Jürgen Müller");
        browser.checkBothSizes("audit-timeline");

        browser.open("/admin/audit/downloads");
        browser.checkBothSizes("audit-downloads");

        // The accounts and outgoing email tables scroll inside their own region on a phone too (newcomer walk: the
        // whole page, header included, scrolled sideways).
        browser.phone();
        for (String page : List.of("/admin/accounts", "/admin/mail")) {
            browser.open(page).waitForPath(page);
            assertThat((Boolean) browser.driver()
                            .executeScript("return document.documentElement.scrollWidth"
                                    + " <= document.documentElement.clientWidth;"))
                    .as("no page-wide horizontal scrolling of %s at phone width", page)
                    .isTrue();
        }
        browser.desktop();

        // The notice and help texts per language (issue 16), and the account page with its time zone.
        browser.open("/admin/texts");
        assertThat(browser.findAll("main tbody tr")).hasSize(4);
        browser.checkBothSizes("admin-texts");
        browser.open("/admin/texts/notice/es");
        assertThat(browser.find("#title").getAttribute("value")).isEqualTo("Esto no es un diagnóstico");
        browser.checkBothSizes("admin-text-notice-es");
        browser.open("/account");
        browser.checkBothSizes("account-time-zone");

        // Verify: intact.
        browser.open("/admin/audit/integrity");
        browser.find("#verify-chain").click();
        browser.wait(d -> !browser.findAll("#integrity-result").isEmpty());
        assertThat(browser.text("#integrity-result")).startsWith("Intact:");
        browser.checkBothSizes("audit-integrity-intact");

        // The owner alters a row behind the application's back: the next check names it.
        long target = jdbc.sql("SELECT max(sequence) FROM audit_event WHERE patient_id = ?")
                .param(pid)
                .query(Long.class)
                .single();
        OwnerAccess owner = new OwnerAccess(testDatabase);
        String snapshot = owner.snapshot(target);
        owner.tamper("UPDATE audit_event SET actor_name = 'someone-else' WHERE sequence = ?", target);
        try {
            browser.open("/admin/audit/integrity");
            browser.find("#verify-chain").click();
            browser.wait(d -> !browser.findAll("#integrity-result .alert-error").isEmpty());
            assertThat(browser.text("#integrity-result"))
                    .contains("Broken at event number " + target + ".", "no longer matches its hash");
            browser.checkBothSizes("audit-integrity-broken");
        } finally {
            owner.restore(target, snapshot);
        }
    }

    /**
     * The words of the Details column that the browser split across two lines. Long tokens (UIDs, request ids: more
     * than 24 characters) may break anywhere as a last resort; words must not.
     */
    @SuppressWarnings("unchecked")
    private static List<String> wordsBrokenInDetails(Browser browser) {
        return (List<String>) browser.driver().executeScript("""
                        var broken = [];
                        document.querySelectorAll('td.event-details dt, td.event-details dd').forEach(function (el) {
                          el.childNodes.forEach(function (node) {
                            if (node.nodeType !== Node.TEXT_NODE) { return; }
                            var word = /\\S+/g, m;
                            while ((m = word.exec(node.textContent)) !== null) {
                              if (m[0].length > 24) { continue; }
                              var range = document.createRange();
                              range.setStart(node, m.index);
                              range.setEnd(node, m.index + m[0].length);
                              var lines = Array.from(range.getClientRects()).filter(function (r) { return r.width > 0; });
                              if (lines.length > 1) { broken.push(m[0]); }
                            }
                          });
                        });
                        return broken;
                        """);
    }

    @Test
    void historyWhenPatientNotLinkedThenExplainsAndIsAccessible(Browser browser) {
        String email = "history-" + UUID.randomUUID() + "@example.test";
        accounts.create(email, "Hana History", Role.PATIENT, PASSWORD);

        browser.open("/login").signIn(email, PASSWORD).waitForPath("/patient");
        browser.open("/patient/history");
        assertThat(browser.text("main")).contains("not linked");
        browser.checkBothSizes("patient-history-unlinked");
    }
}
