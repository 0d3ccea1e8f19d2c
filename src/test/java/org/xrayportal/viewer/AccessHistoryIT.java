package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.audit.AuditAction;
import org.xrayportal.audit.AuditEvent;
import org.xrayportal.audit.AuditLog;
import org.xrayportal.audit.AuditOutcome;
import org.xrayportal.audit.AuditTrail;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.support.PortalWithPacsTest;

/**
 * The patient's access history with real viewer traffic against the real Orthanc (issue 16): a visit to a study is
 * one line naming the study and how many images it showed; zooming, window presets and thumbnails add no event; pages
 * of 20 lines, newest first.
 */
@PortalWithPacsTest
@AutoConfigureMockMvc
@Import(DownloadFixtures.class)
class AccessHistoryIT {

    private static final DemoStudies.Study KNEE = DemoStudies.byKey("mueller-knee-2024");
    private static final Pattern FIRST_ROW = Pattern.compile("<tbody><tr>(.*?)</tr>", Pattern.DOTALL);

    @Autowired
    MockMvc mvc;

    @Autowired
    DownloadFixtures fixtures;

    @Autowired
    AuditLog auditLog;

    @Autowired
    AuditTrail trail;

    @Autowired
    JdbcClient jdbc;

    @Test
    void historyWhenAStudyIsViewedZoomedAndReopenedThenOneLinePerVisitWithItsImages() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, false);
        // First visit (the session cookie of the study page): the page, every thumbnail, and each series' frame at
        // several windows and sizes (zoom, presets).
        Cookie[] session = open(patient, null);
        for (DemoStudies.Series series : KNEE.series()) {
            mvc.perform(get(base(series) + "/thumbnail").with(user(patient)).cookie(session))
                    .andExpect(status().isOk());
            for (String query :
                    new String[] {"", "?preset=brighter", "?wc=300.0&ww=1500.0", "?size=64&wc=40.0&ww=400.0"}) {
                mvc.perform(get(frame(series) + query).with(user(patient)).cookie(session))
                        .andExpect(status().isOk());
            }
        }
        assertThat(views(patient))
                .as("one study event and one per series: no zoom, preset or thumbnail event")
                .isEqualTo(1 + KNEE.series().size());

        String first = firstRow(history(patient, "0"));
        assertThat(first).contains("Viewed Left knee, 3 images", "You");

        // Second visit: the page opened again, one series looked at twice.
        session = open(patient, session);
        mvc.perform(get(frame(KNEE.series().getFirst())).with(user(patient)).cookie(session))
                .andExpect(status().isOk());
        mvc.perform(get(frame(KNEE.series().getFirst()) + "?wc=500&ww=2000")
                        .with(user(patient))
                        .cookie(session))
                .andExpect(status().isOk());

        assertThat(views(patient)).isEqualTo(1 + KNEE.series().size() + 2);
        String page = history(patient, "0");
        assertThat(firstRow(page)).contains("Viewed Left knee, 1 image", "You");
        assertThat(page).contains("Viewed Left knee, 3 images");
    }

    @Test
    void historyWhenMoreThanTwentyLinesThenPagedNewestFirstAndAMalformedPageIsABadRequest() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.ODEGARD, false);
        for (int i = 1; i <= 25; i++) {
            auditLog.record(AuditEvent.of(AuditAction.SIGN_IN, AuditOutcome.SUCCESS)
                    .actor(patient.id(), patient.email(), "PATIENT")
                    .patient(DemoStudies.ODEGARD.patientId(), DemoStudies.ODEGARD.issuer())
                    .detail("n", i)
                    .build());
        }
        // Lines, not events: other tests' visits to this patient's studies are one line each.
        long lines = trail.patientVisits(DemoStudies.ODEGARD.patientId(), DemoStudies.ODEGARD.issuer(), 0, 1)
                .total();
        assertThat(lines).isGreaterThanOrEqualTo(25);

        String first = history(patient, "0");
        assertThat(rows(first)).isEqualTo(20);
        assertThat(first).contains("Page 1 of " + ((lines + 19) / 20), "href=\"/patient/history?page=1\"");
        assertThat(firstRow(first)).contains("Signed in", "You");
        assertThat(rows(history(patient, "1"))).isEqualTo((int) Math.min(20, lines - 20));

        for (String malformed : new String[] {"x", "-1", "1.5", "99999999999"}) {
            mvc.perform(get("/patient/history").param("page", malformed).with(user(patient)))
                    .andExpect(status().isBadRequest());
        }
    }

    @Test
    void historyWhenAShareIsViewedAndAWrongPasscodeTypedThenTheStudyIsNamedAndTheResultInPlainWords() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, false);
        auditLog.record(AuditEvent.of(AuditAction.SHARE_VIEWED, AuditOutcome.SUCCESS)
                .actor(null, "share recipient", "SHARE_RECIPIENT")
                .patient(DemoStudies.MUELLER.patientId(), DemoStudies.MUELLER.issuer())
                .study(KNEE.studyInstanceUid())
                .detail("view", "study")
                .build());
        auditLog.record(AuditEvent.of(AuditAction.SHARE_PASSCODE_FAILED, AuditOutcome.MINOR_FAILURE)
                .actor(null, "share recipient", "SHARE_RECIPIENT")
                .patient(DemoStudies.MUELLER.patientId(), DemoStudies.MUELLER.issuer())
                .detail("failures", 1)
                .build());

        String page = history(patient, "0");
        Matcher rows =
                Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(page.substring(page.indexOf("<tbody>")));
        assertThat(rows.find()).isTrue();
        assertThat(cells(rows.group(1)))
                .containsExactly("Wrong passcode for a share", "Someone with the link", "Refused");
        assertThat(rows.find()).isTrue();
        assertThat(cells(rows.group(1)))
                .containsExactly("Shared images viewed: Left knee", "The person you shared with", "Success");
    }

    /** A history row's cells after the time. */
    private static java.util.List<String> cells(String row) {
        Matcher cell = Pattern.compile("<td>(.*?)</td>", Pattern.DOTALL).matcher(row);
        java.util.List<String> cells = new java.util.ArrayList<>();
        while (cell.find()) {
            cells.add(cell.group(1).strip());
        }
        return cells.subList(1, cells.size());
    }

    /**
     * Opens the study page in the session of {@code session} (a new one if null); returns the cookies a browser would
     * then send with the study's frames: the session's and the visit's (ViewAudit).
     */
    private Cookie[] open(PortalUser patient, Cookie[] session) throws Exception {
        var request = get("/patient/studies/" + KNEE.studyInstanceUid()).with(user(patient));
        Cookie sessionCookie = null;
        for (Cookie cookie : session == null ? new Cookie[0] : session) {
            if (!cookie.getName().equals(ViewAudit.VISIT_COOKIE)) {
                request.cookie(cookie);
                sessionCookie = cookie;
            }
        }
        Cookie visit = null;
        for (String setCookie : mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getHeaders("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            Cookie cookie = new Cookie(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            if (cookie.getName().equals(ViewAudit.VISIT_COOKIE)) {
                visit = cookie;
            } else {
                sessionCookie = cookie;
            }
        }
        assertThat(visit).as("the study page begins a visit").isNotNull();
        return sessionCookie == null ? new Cookie[] {visit} : new Cookie[] {sessionCookie, visit};
    }

    private String history(PortalUser patient, String page) throws Exception {
        return mvc.perform(get("/patient/history").param("page", page).with(user(patient)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private long views(PortalUser patient) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'VIEW' AND actor_id = ?")
                .param(patient.id())
                .query(Long.class)
                .single();
    }

    private static String firstRow(String page) {
        Matcher row = FIRST_ROW.matcher(page);
        assertThat(row.find()).as("a first row in " + page).isTrue();
        return row.group(1);
    }

    private static int rows(String page) {
        int body = page.indexOf("<tbody>");
        return body < 0 ? 0 : page.substring(body).split("<tr>", -1).length - 1;
    }

    private static String base(DemoStudies.Series series) {
        return "/patient/studies/" + KNEE.studyInstanceUid() + "/series/" + KNEE.seriesInstanceUid(series);
    }

    private static String frame(DemoStudies.Series series) {
        return base(series) + "/instances/" + KNEE.sopInstanceUid(series, 1) + "/frames/1";
    }
}
