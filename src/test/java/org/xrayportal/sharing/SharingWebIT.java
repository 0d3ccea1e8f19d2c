package org.xrayportal.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;
import static org.xrayportal.support.Actors.actor;
import static org.xrayportal.viewer.ViewerFixtures.instance;
import static org.xrayportal.viewer.ViewerFixtures.series;
import static org.xrayportal.viewer.ViewerFixtures.study;

import jakarta.servlet.http.Cookie;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.xrayportal.access.AccessGrant;
import org.xrayportal.access.AccessRequest;
import org.xrayportal.access.AccessScope;
import org.xrayportal.access.AccessService;
import org.xrayportal.account.AccountService;
import org.xrayportal.consent.ConsentService;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.MutableClock;
import org.xrayportal.support.PortalWithPacsTest;
import org.xrayportal.support.TestClockConfiguration;
import org.xrayportal.viewer.ViewerFixtures;

/**
 * Shares through the web layer on the real portal, database and Orthanc (issue 19): creating one (token stored only as
 * a hash, the passcode shown once), the recipient's passcode (same answer for a wrong passcode and an unknown link,
 * back-off and lock), the share session and its scope (another study, shared or not, answers 404), everything that
 * ends a share at once (revocation, expiry, idle session, withdrawn consent, revoked grant, "not my images"), and the
 * audit events of each step under the patient's identity.
 */
@PortalWithPacsTest
@AutoConfigureMockMvc
@Import({ViewerFixtures.class, TestClockConfiguration.class})
class SharingWebIT {

    static final String KNEE = study("mueller-knee-2024");
    static final String KNEE_AP = series("mueller-knee-2024", 1);
    static final String KNEE_AP_1 = instance("mueller-knee-2024", 1, 1);
    static final String HAND = study("mueller-hand-2023");
    static final String HAND_PA = series("mueller-hand-2023", 1);
    static final String HAND_PA_1 = instance("mueller-hand-2023", 1, 1);
    static final String OTHER = study("odegard-knee-2024");

    /** Each test guesses from its own address, so one test's wrong passcodes never slow another's. */
    private static final AtomicInteger ADDRESSES = new AtomicInteger(10);

    @Autowired
    MockMvc mvc;

    @Autowired
    ViewerFixtures fixtures;

    @Autowired
    ConsentService consents;

    @Autowired
    AccessService access;

    @Autowired
    AccountService accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    PortalUser patient;
    AccessGrant grant;
    String address;

    @BeforeEach
    void setUp() {
        clock.set(Instant.parse("2026-11-02T09:00:00Z"));
        patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        grant = fixtures.grant(patient, AccessScope.allStudies(), null);
        address = "198.51.100." + ADDRESSES.getAndIncrement();
    }

    record Created(long id, String token, String passcode, String link) {}

    @Test
    void createThenRecipientOpensWithPasscodeAndSeesOnlyTheSharedStudy() throws Exception {
        Created share = create(KNEE, "Dr Lee, orthopaedics", "7d", false);

        // The link holds a 32-character token; the database only its SHA-256, and the passcode only as a slow hash.
        assertThat(share.link()).matches("http://localhost/s/[A-Za-z0-9_-]{32}");
        assertThat(share.passcode()).matches("[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}");
        var row = jdbc.sql(
                        "SELECT token_hash, passcode_hash, expires_at - created_at AS validity FROM share WHERE id = ?")
                .param(share.id())
                .query()
                .singleRow();
        assertThat(row.get("token_hash")).isEqualTo(ShareSecrets.hash(share.token()));
        assertThat((String) row.get("passcode_hash"))
                .startsWith("{argon2")
                .doesNotContain(share.passcode().replace("-", ""));
        assertThat(row.get("validity").toString()).isEqualTo("7 days");
        assertThat(jdbc.sql("SELECT count(*) FROM share WHERE token_hash = ?")
                        .param(share.token())
                        .query(Long.class)
                        .single())
                .isZero();

        mvc.perform(get("/s/" + share.token()).with(from(address)))
                .andExpect(status().isOk())
                .andExpect(view().name("sharing/passcode"))
                .andExpect(header().string("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate"))
                .andExpect(header().exists("Content-Security-Policy"));

        // A wrong passcode and a link that does not exist get the same answer.
        String wrong = mvc.perform(answer(share.token(), "AAAAA-AAAAA"))
                .andExpect(status().isUnprocessableContent())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String unknown = mvc.perform(answer(ShareSecrets.newToken(), "AAAAA-AAAAA"))
                .andExpect(status().isUnprocessableContent())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(wrong).contains("That is not right, or this link does not exist.");
        assertThat(withoutSecrets(unknown)).isEqualTo(withoutSecrets(wrong));

        Cookie session = open(share, share.passcode().toLowerCase());

        mvc.perform(get("/s/view").cookie(session).with(from(address)))
                .andExpect(status().isOk())
                .andExpect(view().name("sharing/recipient-studies"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("/s/view/studies/" + KNEE)))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(HAND))));
        mvc.perform(get("/s/view/studies/" + KNEE).cookie(session).with(from(address)))
                .andExpect(status().isOk())
                .andExpect(view().name("sharing/recipient-study"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Shared by the patient")))
                .andExpect(
                        content().string(org.hamcrest.Matchers.containsString("not the clinic&#39;s diagnostic copy")))
                .andExpect(content()
                        .string(org.hamcrest.Matchers.containsString("Patient: Jürgen Müller, born 14 Mar 1958")))
                .andExpect(
                        content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("/download"))));
        mvc.perform(get(thumbnail(KNEE, KNEE_AP)).cookie(session).with(from(address)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/jpeg"))
                .andExpect(header().string("Cache-Control", "no-store, private"));
        mvc.perform(get(frame(KNEE, KNEE_AP, KNEE_AP_1) + "?size=256")
                        .cookie(session)
                        .with(from(address)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/jpeg"));

        // Scope: the patient's other study (visible to the patient, not shared), another patient's study, downloads
        // that were not allowed, and malformed UIDs all answer 404.
        mvc.perform(get("/s/view/studies/" + HAND).cookie(session).with(from(address)))
                .andExpect(status().isNotFound());
        mvc.perform(get(thumbnail(HAND, HAND_PA)).cookie(session).with(from(address)))
                .andExpect(status().isNotFound());
        mvc.perform(get(frame(HAND, HAND_PA, HAND_PA_1)).cookie(session).with(from(address)))
                .andExpect(status().isNotFound());
        mvc.perform(get(frame(KNEE, HAND_PA, HAND_PA_1)).cookie(session).with(from(address)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/s/view/studies/" + OTHER).cookie(session).with(from(address)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/s/view/studies/" + KNEE + "/download").cookie(session).with(from(address)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/s/view/studies/not-a-uid").cookie(session).with(from(address)))
                .andExpect(status().isNotFound());
        // Without the share session nothing is shown; the patient's own pages stay theirs.
        mvc.perform(get("/s/view/studies/" + KNEE).with(from(address))).andExpect(status().isNotFound());
        mvc.perform(get(frame(KNEE, KNEE_AP, KNEE_AP_1)).with(from(address))).andExpect(status().isNotFound());
        mvc.perform(get("/patient/studies/" + KNEE).cookie(session)).andExpect(status().isFound());

        // Audited under the patient's identity: created, one wrong passcode, opened, the study and the series viewed.
        assertThat(audits("SHARE_CREATED", share.id())).containsExactly("1001|" + KNEE + "|null|0");
        assertThat(audits("SHARE_PASSCODE_FAILED", share.id())).containsExactly("1001|null|null|4");
        assertThat(audits("SHARE_OPENED", share.id())).containsExactly("1001|null|null|0");
        assertThat(audits("SHARE_VIEWED", share.id()))
                .containsExactly("1001|" + KNEE + "|null|0", "1001|" + KNEE + "|" + KNEE_AP + "|0");

        // The patient's list shows the share and each access with its device type.
        mvc.perform(get("/patient/shares").with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Dr Lee, orthopaedics")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Opened with the passcode")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Wrong passcode")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Phone")));
        // And their access history names the recipient's steps.
        mvc.perform(get("/patient/history").with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Shared images viewed")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("The person you shared with")));
        // And the admin console finds them by patient and event.
        mvc.perform(get("/admin/audit")
                        .param("patientId", "1001")
                        .param("action", "SHARE_OPENED")
                        .with(user(fixtures.user(Role.ADMIN))))
                .andExpect(status().isOk())
                .andExpect(
                        content().string(org.hamcrest.Matchers.containsString("Share link opened with its passcode")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("share recipient")));
    }

    @Test
    void revokingEndsTheRecipientsSessionAtOnce() throws Exception {
        Created share = create(KNEE, "Dr Lee", "1d", false);
        Cookie session = open(share, share.passcode());

        mvc.perform(post("/patient/shares/" + share.id() + "/revoke")
                        .with(user(patient))
                        .with(csrf()))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/patient/shares"));

        mvc.perform(get("/s/view/studies/" + KNEE).cookie(session).with(from(address)))
                .andExpect(status().isNotFound())
                .andExpect(view().name("sharing/ended"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("This link is no longer available")));
        mvc.perform(get(frame(KNEE, KNEE_AP, KNEE_AP_1)).cookie(session).with(from(address)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/s/" + share.token()).with(from(address)))
                .andExpect(status().isNotFound())
                .andExpect(view().name("sharing/ended"));
        mvc.perform(answer(share.token(), share.passcode())).andExpect(status().isNotFound());
        assertThat(audits("SHARE_REVOKED", share.id())).containsExactly("1001|null|null|0");
        assertThat(jdbc.sql("SELECT count(*) FROM share_session WHERE share_id = ?")
                        .param(share.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void anotherPatientCannotRevokeOrSeeTheShare() throws Exception {
        Created share = create(KNEE, "Dr Lee", "1d", false);
        PortalUser other = fixtures.user(Role.PATIENT);

        mvc.perform(post("/patient/shares/" + share.id() + "/revoke")
                        .with(user(other))
                        .with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/patient/shares").with(user(other)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Dr Lee"))));
        mvc.perform(post("/patient/shares/x/revoke").with(user(patient)).with(csrf()))
                .andExpect(status().isBadRequest());
    }

    @Test
    void withdrawingConsentEndsEveryShare() throws Exception {
        Created share = create(KNEE, "Dr Lee", "7d", false);
        Cookie session = open(share, share.passcode());

        consents.withdraw(actor(patient, "192.0.2.1"));

        mvc.perform(get("/s/view/studies/" + KNEE).cookie(session).with(from(address)))
                .andExpect(status().isNotFound());
        mvc.perform(get(frame(KNEE, KNEE_AP, KNEE_AP_1)).cookie(session).with(from(address)))
                .andExpect(status().isNotFound());
    }

    @Test
    void revokedGrantEndsEveryShare() throws Exception {
        Created share = create(KNEE, "Dr Lee", "7d", false);
        Cookie session = open(share, share.passcode());
        mvc.perform(get(frame(KNEE, KNEE_AP, KNEE_AP_1)).cookie(session).with(from(address)))
                .andExpect(status().isOk());

        access.revoke(actor(fixtures.user(Role.STAFF), "192.0.2.1"), grant.id(), "Ended for the test");

        mvc.perform(get(frame(KNEE, KNEE_AP, KNEE_AP_1)).cookie(session).with(from(address)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/s/view").cookie(session).with(from(address))).andExpect(status().isNotFound());
    }

    @Test
    void notMyImagesReportEndsEveryShare() throws Exception {
        Created share = create(KNEE, "Dr Lee", "7d", false);
        Cookie session = open(share, share.passcode());

        accounts.reportNotMyImages(patient.id(), HAND);

        mvc.perform(get("/s/view/studies/" + KNEE).cookie(session).with(from(address)))
                .andExpect(status().isNotFound());
        mvc.perform(get(thumbnail(KNEE, KNEE_AP)).cookie(session).with(from(address)))
                .andExpect(status().isNotFound());
    }

    @Test
    void expiredLinkAndIdleSessionShowNoLongerAvailable() throws Exception {
        Created share = create(KNEE, "Dr Lee", "1d", false);
        Cookie session = open(share, share.passcode());

        clock.advance(Duration.ofMinutes(61));
        mvc.perform(get("/s/view").cookie(session).with(from(address)))
                .andExpect(status().isNotFound())
                .andExpect(view().name("sharing/ended"));
        Cookie again = open(share, share.passcode());
        mvc.perform(get("/s/view").cookie(again).with(from(address))).andExpect(status().isOk());

        clock.advance(Duration.ofDays(1));
        mvc.perform(get("/s/view").cookie(again).with(from(address))).andExpect(status().isNotFound());
        mvc.perform(get("/s/" + share.token()).with(from(address)))
                .andExpect(status().isNotFound())
                .andExpect(view().name("sharing/ended"));
        mvc.perform(get("/patient/shares").with(user(patient)))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Expired")));
    }

    @Test
    void wrongPasscodesBackOffThenLockTheShare() throws Exception {
        Created share = create(KNEE, "Dr Lee", "7d", false);

        for (int i = 0; i < 3; i++) {
            mvc.perform(answer(share.token(), "WRONG-PASS")).andExpect(status().isUnprocessableContent());
        }
        // Three wrong: the next attempt waits 30 s, and even the right passcode gets the same refusal (and counts as
        // a fourth guess, so the wait doubles to 60 s).
        mvc.perform(answer(share.token(), share.passcode())).andExpect(status().isUnprocessableContent());
        clock.advance(Duration.ofSeconds(61));
        Cookie session = open(share, share.passcode());
        assertThat(session.getValue()).hasSize(32);

        // The right passcode ended that run; ten wrong ones in all lock the share for good.
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofHours(2));
            mvc.perform(answer(share.token(), "WRONG-PASS")).andExpect(status().isUnprocessableContent());
        }
        clock.advance(Duration.ofHours(2));
        mvc.perform(answer(share.token(), share.passcode())).andExpect(status().isUnprocessableContent());
        assertThat(jdbc.sql("SELECT locked_at IS NOT NULL FROM share WHERE id = ?")
                        .param(share.id())
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(audits("SHARE_PASSCODE_FAILED", share.id())).hasSize(15);
        mvc.perform(get("/patient/shares").with(user(patient)))
                .andExpect(content()
                        .string(org.hamcrest.Matchers.containsString("Locked after too many wrong passcodes")));
    }

    @Test
    void downloadOfOriginalsOnlyWhereAllowedAndAuditedFirst() throws Exception {
        PortalUser staff = fixtures.user(Role.STAFF);
        AccessRequest request =
                access.submit(actor(patient, "192.0.2.1"), AccessScope.oneStudy(HAND), null, AccessRequest.Format.VIEW);
        access.approve(actor(staff, "192.0.2.1"), request.id(), AccessScope.oneStudy(HAND), null, true);

        // The knee's grant does not allow downloads: the form refuses them for it (422).
        mvc.perform(post("/patient/shares")
                        .with(user(patient))
                        .with(csrf())
                        .param("study", KNEE)
                        .param("recipient", "Dr Lee")
                        .param("expiry", "7d")
                        .param("download", "true"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(view().name("sharing/form"));

        Created share = create(HAND, "Dr Lee", "7d", true);
        Cookie session = open(share, share.passcode());
        MvcResult zip = mvc.perform(get("/s/view/studies/" + HAND + "/download")
                        .cookie(session)
                        .with(from(address)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/zip"))
                .andReturn();
        List<String> names = new ArrayList<>();
        try (ZipInputStream in =
                new ZipInputStream(new ByteArrayInputStream(zip.getResponse().getContentAsByteArray()))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                names.add(entry.getName());
            }
        }
        assertThat(names).contains("README.txt").anyMatch(name -> name.endsWith(".dcm"));
        assertThat(audits("SHARE_DOWNLOADED", share.id())).containsExactly("1001|" + HAND + "|null|0");
        mvc.perform(get("/patient/shares").with(user(patient)))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Original files downloaded")));
    }

    @Test
    void reloadingTheCreatedPageWithTheSameFormTokenMakesNoSecondShare() throws Exception {
        org.springframework.test.web.servlet.MvcResult form = mvc.perform(
                        get("/patient/studies/" + KNEE + "/share").with(user(patient)))
                .andExpect(status().isOk())
                .andReturn();
        String page = form.getResponse().getContentAsString();
        jakarta.servlet.http.Cookie session = sessionCookie(form);
        java.util.regex.Matcher hidden = java.util.regex.Pattern.compile(
                        "name=\"formToken\" value=\"([A-Za-z0-9_-]{24})\"")
                .matcher(page);
        assertThat(hidden.find()).isTrue();
        String token = hidden.group(1);

        mvc.perform(createRequest(KNEE, "Dr Lee", "7d", false).cookie(session).param("formToken", token))
                .andExpect(status().isOk())
                .andExpect(view().name("sharing/created"));
        // The browser's reload sends the same POST again: nothing is created, the list explains why.
        mvc.perform(createRequest(KNEE, "Dr Lee", "7d", false).cookie(session).param("formToken", token))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/patient/shares"))
                .andExpect(flash().attribute("flash", "sharing.flash.alreadyCreated"));
        assertThat(jdbc.sql("SELECT count(*) FROM share WHERE account_id = ?")
                        .param(patient.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1L);
        mvc.perform(get("/patient/shares")
                        .with(user(patient))
                        .cookie(session)
                        .flashAttr("flash", "sharing.flash.alreadyCreated"))
                .andExpect(content()
                        .string(org.hamcrest.Matchers.containsString(
                                "This share was already created; its passcode was shown once. End it and create a new"
                                        + " one if you did not keep it.")));
        // A token the session was never given creates nothing either.
        mvc.perform(createRequest(KNEE, "Dr Lee", "7d", false).cookie(session).param("formToken", "forged"))
                .andExpect(redirectedUrl("/patient/shares"));
        assertThat(jdbc.sql("SELECT count(*) FROM share WHERE account_id = ?")
                        .param(patient.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(1L);
    }

    @Test
    void formRefusesWhatThePatientCannotShare() throws Exception {
        mvc.perform(get("/patient/studies/" + KNEE + "/share").with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(view().name("sharing/form"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("value=\"7d\" selected")));
        mvc.perform(get("/patient/studies/" + OTHER + "/share").with(user(patient)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/patient/studies/bad/share").with(user(patient))).andExpect(status().isBadRequest());
        mvc.perform(createRequest(OTHER, "Dr Lee", "7d", false)).andExpect(status().isNotFound());
        mvc.perform(createRequest(KNEE, "", "7d", false))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Please fill in this field.")));
        mvc.perform(createRequest(KNEE, "Dr Lee", "90d", false))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Please choose one of the periods")));
        mvc.perform(createRequest(KNEE, "Dr Lee", "7d", false).with(user(fixtures.user(Role.STAFF))))
                .andExpect(status().isForbidden());
        mvc.perform(post("/patient/shares")
                        .with(user(patient))
                        .param("study", KNEE)
                        .param("recipient", "x"))
                .andExpect(status().isForbidden());
        assertThat(jdbc.sql("SELECT count(*) FROM share WHERE account_id = ?")
                        .param(patient.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private Created create(String studyUid, String recipient, String expiry, boolean download) throws Exception {
        MvcResult result = mvc.perform(createRequest(studyUid, recipient, expiry, download))
                .andExpect(status().isOk())
                .andExpect(view().name("sharing/created"))
                .andReturn();
        var model = result.getModelAndView().getModel();
        String link = (String) model.get("link");
        Share share = (Share) model.get("share");
        String body = result.getResponse().getContentAsString();
        assertThat(body).contains(link).contains("data:image/svg+xml;base64,");
        return new Created(share.id(), link.substring(link.lastIndexOf('/') + 1), (String) model.get("passcode"), link);
    }

    private MockHttpServletRequestBuilder createRequest(
            String studyUid, String recipient, String expiry, boolean download) {
        // As a browser sends it: without a download field when the box is not there or not ticked.
        MockHttpServletRequestBuilder request = post("/patient/shares")
                .with(user(patient))
                .with(csrf())
                .param("study", studyUid)
                .param("recipient", recipient)
                .param("expiry", expiry);
        return download ? request.param("download", "true") : request;
    }

    /** Enters the passcode from a phone; the share session cookie it sets. */
    private Cookie open(Created share, String passcode) throws Exception {
        MvcResult result = mvc.perform(answer(share.token(), passcode))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/s/view"))
                .andReturn();
        String setCookie = result.getResponse().getHeader("Set-Cookie");
        assertThat(setCookie)
                .startsWith(RecipientController.COOKIE + "=")
                .contains("Path=/s/")
                .contains("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Secure");
        return new Cookie(
                RecipientController.COOKIE, setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';')));
    }

    private MockHttpServletRequestBuilder answer(String token, String passcode) {
        return post("/s/" + token)
                .with(csrf())
                .with(from(address))
                .header("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148")
                .param("passcode", passcode);
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    /** The share's events of one action, oldest first: PatientID|study|series|outcome. */
    private List<String> audits(String action, long shareId) {
        return jdbc.sql("""
                        SELECT patient_id || '|' || coalesce(study_uid, 'null') || '|' || coalesce(series_uid, 'null')
                            || '|' || outcome
                        FROM audit_event WHERE action = ? AND details::jsonb ->> 'share' = ? ORDER BY sequence""")
                .params(action, String.valueOf(shareId))
                .query(String.class)
                .list();
    }

    private static String withoutSecrets(String page) {
        return page.replaceAll("/s/[A-Za-z0-9_-]{32}", "/s/TOKEN").replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "");
    }

    static String thumbnail(String study, String series) {
        return "/s/view/studies/" + study + "/series/" + series + "/thumbnail";
    }

    static String frame(String study, String series, String instance) {
        return "/s/view/studies/" + study + "/series/" + series + "/instances/" + instance + "/frames/1";
    }

    /** The session cookie a response set (Spring Session in PostgreSQL), to send with the next request. */
    private static jakarta.servlet.http.Cookie sessionCookie(org.springframework.test.web.servlet.MvcResult result) {
        String setCookie = result.getResponse().getHeader("Set-Cookie");
        assertThat(setCookie).as("a session cookie").isNotNull();
        String pair = setCookie.split(";", 2)[0];
        return new jakarta.servlet.http.Cookie(
                pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
}
