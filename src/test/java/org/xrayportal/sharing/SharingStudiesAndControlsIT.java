package org.xrayportal.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;
import static org.xrayportal.viewer.ViewerFixtures.study;

import jakarta.servlet.http.Cookie;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.xrayportal.access.AccessScope;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.MutableClock;
import org.xrayportal.support.PortalWithPacsTest;
import org.xrayportal.support.TestClockConfiguration;
import org.xrayportal.viewer.ViewerFixtures;

/**
 * What session 5 added to shares, on the real portal, database and Orthanc (issue 19): several studies in one share
 * chosen on the form (scope stays exact), a new passcode for a locked share, the clinic's controls set by an admin
 * (sharing off suspends every link at once, the longest expiry, downloads forbidden), and the per-address throttle
 * rows pruned. Same context as {@link SharingWebIT}; the admin's controls are removed after each test.
 */
@PortalWithPacsTest
@AutoConfigureMockMvc
@Import({ViewerFixtures.class, TestClockConfiguration.class})
class SharingStudiesAndControlsIT {

    static final String KNEE = study("mueller-knee-2024");
    static final String HAND = study("mueller-hand-2023");
    static final String CHEST = study("mueller-chest-2021");
    static final String OTHER = study("odegard-knee-2024");

    private static final AtomicInteger ADDRESSES = new AtomicInteger(10);

    @Autowired
    MockMvc mvc;

    @Autowired
    ViewerFixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    ShareCleanup cleanup;

    @Autowired
    List<ScheduledTaskHolder> schedules;

    PortalUser patient;
    PortalUser admin;
    String address;

    @BeforeEach
    void setUp() {
        jdbc.sql("DELETE FROM sharing_settings").update();
        clock.set(Instant.parse("2026-11-02T09:00:00Z"));
        patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        fixtures.grant(patient, AccessScope.allStudies(), null);
        admin = fixtures.user(Role.ADMIN);
        address = "192.0.2." + ADDRESSES.getAndIncrement();
    }

    @AfterEach
    void clinicControlsBackToTheConfiguration() {
        jdbc.sql("DELETE FROM sharing_settings").update();
    }

    @Test
    void formFromAStudyOffersEveryVisibleStudyWithThatOneTickedAndTheShareCoversExactlyTheChosenOnes()
            throws Exception {
        String form = kneeShareForm();
        // Newest first; date, description and modality; the study the form was opened from is ticked.
        assertThat(checkboxes(form))
                .containsExactly(
                        KNEE + " checked|5 Nov 2024: Left knee (DX)",
                        HAND + "|19 Jun 2023: Right hand, two views (DX)",
                        CHEST + "|3 Feb 2021: Chest PA and lateral (CR)");

        // The list of shares offers the same form with nothing ticked.
        mvc.perform(get("/patient/shares").with(user(patient)))
                .andExpect(content()
                        .string(containsString(
                                "<a class=\"button-link\" href=\"/patient/shares/new\">Share studies</a>")));
        String fresh = mvc.perform(get("/patient/shares/new").with(user(patient)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(checkboxes(fresh))
                .containsExactly(
                        KNEE + "|5 Nov 2024: Left knee (DX)",
                        HAND + "|19 Jun 2023: Right hand, two views (DX)",
                        CHEST + "|3 Feb 2021: Chest PA and lateral (CR)");

        // None ticked: the form again with its error summary, nothing created.
        mvc.perform(post("/patient/shares")
                        .with(user(patient))
                        .with(csrf())
                        .param("_study", "on")
                        .param("recipient", "Dr Lee")
                        .param("expiry", "7d"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content()
                        .string(containsString("<a href=\"#study\">Please choose at least one study to share.</a>")));
        assertThat(sharesOfPatient()).isZero();

        MvcResult created = mvc.perform(post("/patient/shares")
                        .with(user(patient))
                        .with(csrf())
                        .param("study", KNEE, HAND)
                        .param("recipient", "Dr Lee")
                        .param("expiry", "7d"))
                .andExpect(status().isOk())
                .andExpect(view().name("sharing/created"))
                .andReturn();
        Share share = (Share) created.getModelAndView().getModel().get("share");
        String token = token(created);
        String passcode = (String) created.getModelAndView().getModel().get("passcode");
        assertThat(share.studyUids()).containsExactly(KNEE, HAND);
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM audit_event WHERE action = 'SHARE_CREATED' AND details::jsonb ->> 'share' = ?")
                        .param(String.valueOf(share.id()))
                        .query(Long.class)
                        .single())
                .isEqualTo(2L);

        // The patient's list names every study of the share.
        String list = mvc.perform(get("/patient/shares").with(user(patient)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list)
                .contains("<li>5 Nov 2024: Left knee (DX)</li>")
                .contains("<li>19 Jun 2023: Right hand, two views (DX)</li>")
                .doesNotContain("<li>3 Feb 2021: Chest PA and lateral (CR)</li>");

        // The recipient sees both, opens each in the viewer, and nothing else.
        Cookie session = open(token, passcode);
        String studies = mvc.perform(get("/s/view").cookie(session))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(studies)
                .contains("href=\"/s/view/studies/" + KNEE + "\"")
                .contains("href=\"/s/view/studies/" + HAND + "\"")
                .doesNotContain(CHEST);
        for (String uid : List.of(KNEE, HAND)) {
            mvc.perform(get("/s/view/studies/" + uid).cookie(session))
                    .andExpect(status().isOk())
                    .andExpect(view().name("sharing/recipient-study"))
                    .andExpect(content().string(containsString("<a href=\"/s/view\">All shared studies</a>")));
        }
        for (String uid : List.of(CHEST, OTHER)) {
            mvc.perform(get("/s/view/studies/" + uid).cookie(session)).andExpect(status().isNotFound());
        }
    }

    @Test
    void lockedShareGetsANewPasscodeShownOnceAndTheOldOneNoLongerOpensIt() throws Exception {
        MvcResult created = create(KNEE, "7d", false);
        Share share = (Share) created.getModelAndView().getModel().get("share");
        String token = token(created);
        String old = (String) created.getModelAndView().getModel().get("passcode");
        Cookie recipientSession = open(token, old);
        jdbc.sql("UPDATE share SET failed_attempts = 10, locked_at = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), share.id())
                .update();
        mvc.perform(answer(token, old)).andExpect(status().isUnprocessableContent());
        assertThat(mvc.perform(get("/patient/shares").with(user(patient)))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("Locked after too many wrong passcodes.")
                .contains("Make a new passcode");

        MvcResult listPage =
                mvc.perform(get("/patient/shares").with(user(patient))).andReturn();
        Cookie portalSession = sessionCookie(listPage);
        String formToken = formToken(listPage.getResponse().getContentAsString());
        MvcResult renewed = mvc.perform(renew(share.id(), formToken, portalSession))
                .andExpect(status().isOk())
                .andExpect(view().name("sharing/renewed"))
                .andExpect(content().string(containsString("<h1>Your new passcode</h1>")))
                .andReturn();
        String passcode = (String) renewed.getModelAndView().getModel().get("passcode");
        assertThat(passcode).matches("[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}").isNotEqualTo(old);
        assertThat(renewed.getResponse().getContentAsString())
                .contains("<code class=\"share-passcode\" id=\"share-passcode\">" + passcode + "</code>");
        assertThat(jdbc.sql("SELECT failed_attempts || '|' || (locked_at IS NULL) || '|' || (blocked_until IS NULL)"
                                + " FROM share WHERE id = ?")
                        .param(share.id())
                        .query(String.class)
                        .single())
                .isEqualTo("0|true|true");
        // A reload of that POST makes no second passcode.
        mvc.perform(renew(share.id(), formToken, portalSession))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/patient/shares"))
                .andExpect(flash().attribute("flash", "sharing.flash.alreadyRenewed"));

        // The recipient's open session ended; the old passcode is refused, the new one opens the share.
        mvc.perform(get("/s/view").cookie(recipientSession)).andExpect(status().isNotFound());
        mvc.perform(answer(token, old)).andExpect(status().isUnprocessableContent());
        open(token, passcode);
        assertThat(jdbc.sql("""
                        SELECT actor_role || '|' || outcome || '|' || (details::jsonb ->> 'wasLocked')
                            || '|' || (details::jsonb ->> 'newPasscode')
                        FROM audit_event WHERE action = 'SHARE_PASSCODE_RENEWED' AND details::jsonb ->> 'share' = ?""")
                        .param(String.valueOf(share.id()))
                        .query(String.class)
                        .list())
                .containsExactly("PATIENT|0|true|true");

        // An ended share gets no new passcode (409); another patient's answers 404.
        mvc.perform(post("/patient/shares/" + share.id() + "/revoke")
                .with(user(patient))
                .with(csrf()));
        mvc.perform(post("/patient/shares/" + share.id() + "/passcode")
                        .with(user(patient))
                        .with(csrf()))
                .andExpect(status().isConflict());
        PortalUser other = fixtures.consentingPatient(DemoStudies.ODEGARD);
        mvc.perform(post("/patient/shares/" + share.id() + "/passcode")
                        .with(user(other))
                        .with(csrf()))
                .andExpect(status().isNotFound());
    }

    @Test
    void sharingTurnedOffByTheAdminSuspendsEveryLinkAtOnceAndOnAgainReopensThem() throws Exception {
        MvcResult created = create(KNEE, "7d", false);
        String token = token(created);
        String passcode = (String) created.getModelAndView().getModel().get("passcode");
        Cookie session = open(token, passcode);
        mvc.perform(get("/patient/studies/" + KNEE).with(user(patient)))
                .andExpect(content().string(containsString("href=\"/patient/studies/" + KNEE + "/share\"")));

        mvc.perform(saveControls(false, "30d", "OFF_BY_DEFAULT", "PASSCODE"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/admin/sharing"));

        // The recipient: the open session and the link answer the paused page; images 404.
        mvc.perform(get("/s/view").cookie(session))
                .andExpect(status().isNotFound())
                .andExpect(view().name("sharing/paused"));
        mvc.perform(get("/s/" + token))
                .andExpect(status().isNotFound())
                .andExpect(content().string(containsString("<h1>Shared images are not available for now</h1>")));
        mvc.perform(answer(token, passcode)).andExpect(status().isNotFound()).andExpect(view().name("sharing/paused"));
        // The patient: no Share entry on the study page, the form refused with a clear page, the list says paused.
        mvc.perform(get("/patient/studies/" + KNEE).with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("/share\""))));
        mvc.perform(get("/patient/studies/" + KNEE + "/share").with(user(patient)))
                .andExpect(status().isConflict())
                .andExpect(content().string(containsString("<h1>Your clinic has turned sharing off</h1>")));
        mvc.perform(createRequest(KNEE, "7d", false)).andExpect(status().isConflict());
        assertThat(mvc.perform(get("/patient/shares").with(user(patient)))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("Paused by the clinic")
                .contains("Your clinic has paused sharing.")
                .doesNotContain("Share studies")
                .contains("End this share now");
        assertThat(jdbc.sql("""
                        SELECT actor_role || '|' || (details::jsonb ->> 'enabled') || '|'
                            || (details::jsonb ->> 'maxExpiry') || '|' || (details::jsonb ->> 'sessionsEnded')
                        FROM audit_event WHERE action = 'SHARING_SETTINGS_CHANGED' AND actor_id = ?""").param(admin.id()).query(String.class).list()).containsExactly("ADMIN|false|PT720H|1");

        // On again: the link opens with its passcode (the old session was ended), nothing was revoked.
        mvc.perform(saveControls(true, "30d", "OFF_BY_DEFAULT", "PASSCODE")).andExpect(status().isFound());
        mvc.perform(get("/s/view").cookie(session))
                .andExpect(status().isNotFound())
                .andExpect(view().name("sharing/ended"));
        Cookie again = open(token, passcode);
        mvc.perform(get("/s/view").cookie(again)).andExpect(status().isOk());
    }

    @Test
    void adminCapsTheExpiryForbidsDownloadsAndChoosesTheBirthDate() throws Exception {
        jdbc.sql("UPDATE patient_identity_link SET verified_birth_date = ? WHERE account_id = ?")
                .params(java.time.LocalDate.of(1958, 3, 14), patient.id())
                .update();
        mvc.perform(saveControls(true, "3d", "FORBIDDEN", "BIRTH_DATE")).andExpect(status().isFound());
        mvc.perform(get("/admin/sharing").with(user(admin)))
                .andExpect(
                        content().string(containsString("<option value=\"3d\" selected=\"selected\">3 days</option>")));

        String form = kneeShareForm();
        assertThat(form)
                .contains("<option value=\"3d\" selected=\"selected\">3 days</option>")
                .doesNotContain("value=\"7d\"")
                .doesNotContain("id=\"download\"")
                .contains("Your clinic does not allow downloads through shared links")
                .contains("your date of birth as well as the link")
                .contains("Anyone who has the link and knows your date of birth can see these images");
        mvc.perform(createRequest(KNEE, "7d", false))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(containsString("Please choose one of the periods offered.")));
        mvc.perform(createRequest(KNEE, "3d", true))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content()
                        .string(containsString("<a href=\"#download\">Your clinic does not allow downloads through"
                                + " shared links, so the recipient can only view the images.</a>")));
        MvcResult created = mvc.perform(createRequest(KNEE, "3d", false))
                .andExpect(status().isOk())
                .andReturn();
        Share share = (Share) created.getModelAndView().getModel().get("share");
        assertThat(share.secondFactor()).isEqualTo(SecondFactor.BIRTH_DATE);
        assertThat(Duration.between(share.createdAt(), share.expiresAt())).isEqualTo(Duration.ofDays(3));
        assertThat(created.getModelAndView().getModel().get("passcode")).isNull();
        assertThat(created.getResponse().getContentAsString())
                .contains("The link is shown only now.")
                .doesNotContain("The passcode is shown only now.");
    }

    @Test
    void formWhenTheClinicAsksForTheBirthDateButThePatientHasNoneThenItSaysPasscodeAndTheShareHasOne()
            throws Exception {
        jdbc.sql("UPDATE patient_identity_link SET verified_birth_date = NULL WHERE account_id = ?")
                .param(patient.id())
                .update();
        mvc.perform(saveControls(true, "30d", "OFF_BY_DEFAULT", "BIRTH_DATE")).andExpect(status().isFound());

        String form = kneeShareForm();
        assertThat(form)
                .contains("the portal has no verified date of birth for you, so it will make a passcode instead")
                .contains("Anyone who has the link and the passcode can see these images")
                .doesNotContain("your date of birth as well as the link");
        MvcResult created = mvc.perform(createRequest(KNEE, "3d", false))
                .andExpect(status().isOk())
                .andReturn();
        Share share = (Share) created.getModelAndView().getModel().get("share");
        assertThat(share.secondFactor()).isEqualTo(SecondFactor.PASSCODE);
        assertThat(created.getModelAndView().getModel().get("passcode")).isNotNull();
        assertThat(created.getResponse().getContentAsString()).contains("The passcode is shown only now.");
    }

    @Test
    void addressThrottleRowsOlderThanTheirWindowArePruned() {
        Instant now = clock.instant();
        String prefix = "pr-" + ADDRESSES.getAndIncrement() + "-";
        throttle(prefix + "old", now.minus(Duration.ofHours(25)), null);
        throttle(prefix + "old-still-blocked", now.minus(Duration.ofHours(25)), now.plus(Duration.ofMinutes(5)));
        throttle(prefix + "old-block-over", now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(2)));
        throttle(prefix + "recent", now.minus(Duration.ofHours(23)), null);

        assertThat(cleanup.prune())
                .as("at least this test's two old rows (other tests may leave theirs)")
                .isGreaterThanOrEqualTo(2);

        assertThat(jdbc.sql("SELECT address FROM share_address_throttle WHERE address LIKE ? ORDER BY address")
                        .param(prefix + "%")
                        .query(String.class)
                        .list())
                .containsExactly(prefix + "old-still-blocked", prefix + "recent");
    }

    @Test
    void cleanupIsScheduledHourlyOnEveryNode() {
        assertThat(schedules.stream()
                        .flatMap(holder -> holder.getScheduledTasks().stream())
                        .map(ScheduledTask::getTask)
                        .filter(task -> task.getRunnable().toString().equals(ShareCleanup.class.getName() + ".prune"))
                        .map(task -> ((FixedDelayTask) task).getIntervalDuration()))
                .containsExactly(Duration.ofHours(1));
    }

    private void throttle(String address, Instant lastFailure, Instant blockedUntil) {
        jdbc.sql("INSERT INTO share_address_throttle (address, failures, last_failure_at, blocked_until)"
                        + " VALUES (?, 5, ?, ?)")
                .params(
                        address,
                        Timestamp.from(lastFailure),
                        blockedUntil == null ? null : Timestamp.from(blockedUntil))
                .update();
    }

    /** Each checkbox of the form's study list: UID (and " checked"), then its label. */
    private static List<String> checkboxes(String page) {
        Matcher m = Pattern.compile(
                        "<input type=\"checkbox\" value=\"([0-9.]+)\" id=\"(study\\d+)\" name=\"study\"( checked=\"checked\")?>"
                                + "<input type=\"hidden\" name=\"_study\" value=\"on\"/>\\s*<label for=\"\\2\">\\s*(.*?)</label>")
                .matcher(page);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1) + (m.group(3) == null ? "" : " checked") + "|"
                    + m.group(4).strip());
        }
        return found;
    }

    /** The share form opened from the knee study by the patient: answered 200, its HTML. */
    private String kneeShareForm() throws Exception {
        return mvc.perform(get("/patient/studies/" + KNEE + "/share").with(user(patient)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
    }

    private MockHttpServletRequestBuilder saveControls(
            boolean enabled, String maxExpiry, String download, String factor) {
        MockHttpServletRequestBuilder request = post("/admin/sharing")
                .with(user(admin))
                .with(csrf())
                .param("_enabled", "on")
                .param("maxExpiry", maxExpiry)
                .param("download", download)
                .param("secondFactor", factor);
        return enabled ? request.param("enabled", "true") : request;
    }

    private MvcResult create(String study, String expiry, boolean download) throws Exception {
        return mvc.perform(createRequest(study, expiry, download))
                .andExpect(status().isOk())
                .andExpect(view().name("sharing/created"))
                .andReturn();
    }

    private MockHttpServletRequestBuilder createRequest(String study, String expiry, boolean download) {
        MockHttpServletRequestBuilder request = post("/patient/shares")
                .with(user(patient))
                .with(csrf())
                .param("study", study)
                .param("recipient", "Dr Lee")
                .param("expiry", expiry);
        return download ? request.param("download", "true") : request;
    }

    private MockHttpServletRequestBuilder renew(long shareId, String formToken, Cookie portalSession) {
        return post("/patient/shares/" + shareId + "/passcode")
                .with(user(patient))
                .with(csrf())
                .cookie(portalSession)
                .param("formToken", formToken);
    }

    private Cookie open(String token, String passcode) throws Exception {
        String setCookie = mvc.perform(answer(token, passcode))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/s/view"))
                .andReturn()
                .getResponse()
                .getHeader("Set-Cookie");
        return new Cookie(
                RecipientController.COOKIE, setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';')));
    }

    private MockHttpServletRequestBuilder answer(String token, String passcode) {
        return post("/s/" + token).with(csrf()).with(from(address)).param("passcode", passcode);
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    private long sharesOfPatient() {
        return jdbc.sql("SELECT count(*) FROM share WHERE account_id = ?")
                .param(patient.id())
                .query(Long.class)
                .single();
    }

    private static String token(MvcResult created) {
        String link = (String) created.getModelAndView().getModel().get("link");
        return link.substring(link.lastIndexOf('/') + 1);
    }

    private static String formToken(String page) {
        Matcher hidden = Pattern.compile("name=\"formToken\" value=\"([A-Za-z0-9_-]{24})\"")
                .matcher(page);
        assertThat(hidden.find()).isTrue();
        return hidden.group(1);
    }

    private static Cookie sessionCookie(MvcResult result) {
        String setCookie = result.getResponse().getHeader("Set-Cookie");
        assertThat(setCookie).as("a session cookie").isNotNull();
        String pair = setCookie.split(";", 2)[0];
        return new Cookie(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
}
