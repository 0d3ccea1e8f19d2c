package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xrayportal.support.Actors.actor;
import static org.xrayportal.viewer.ViewerFixtures.instance;
import static org.xrayportal.viewer.ViewerFixtures.series;
import static org.xrayportal.viewer.ViewerFixtures.study;

import jakarta.servlet.http.Cookie;
import java.time.Instant;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultMatcher;
import org.xrayportal.access.AccessGrant;
import org.xrayportal.access.AccessScope;
import org.xrayportal.access.AccessService;
import org.xrayportal.consent.ConsentService;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.MutableClock;
import org.xrayportal.support.PortalWithPacsTest;
import org.xrayportal.support.TestClockConfiguration;
import org.xrayportal.support.TestPostgres;
import org.xrayportal.system.Confirmation;

/**
 * The study list, study page, thumbnails and frames through the web layer: what a patient sees, the empty states, and
 * that every endpoint answers 400 for malformed UIDs, 404 for anything outside the caller's scope (exactly like
 * something that does not exist), 403 for other roles, with VIEW events written before the bytes (fail closed).
 */
@PortalWithPacsTest
@AutoConfigureMockMvc
@Import({ViewerFixtures.class, TestClockConfiguration.class})
class ViewerWebIT {

    static final String KNEE = study("mueller-knee-2024");
    static final String KNEE_AP = series("mueller-knee-2024", 1);
    static final String KNEE_AP_1 = instance("mueller-knee-2024", 1, 1);
    static final String KNEE_LAT = series("mueller-knee-2024", 2);
    static final String HAND = study("mueller-hand-2023");
    static final String HAND_PA = series("mueller-hand-2023", 1);
    static final String HAND_PA_1 = instance("mueller-hand-2023", 1, 1);
    static final String HAND_OBLIQUE = series("mueller-hand-2023", 2);
    static final String HAND_OBLIQUE_1 = instance("mueller-hand-2023", 2, 1);
    static final String CHEST = study("mueller-chest-2021");
    static final String OTHER = study("odegard-knee-2024");
    static final String OTHER_SERIES = series("odegard-knee-2024", 1);
    static final String OTHER_INSTANCE = instance("odegard-knee-2024", 1, 1);
    static final String UNKNOWN = "1.2.826.0.1.3680043.8.498.1";

    @Autowired
    MockMvc mvc;

    @Autowired
    ViewerFixtures fixtures;

    @Autowired
    ConsentService consents;

    @Autowired
    AccessService access;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    TestPostgres.Database testDatabase;

    PortalUser patient;

    @BeforeEach
    void setUp() {
        clock.set(Instant.parse("2026-11-02T09:00:00Z"));
        patient = fixtures.consentingPatient(DemoStudies.MUELLER);
    }

    static String thumbnail(String study, String series) {
        return "/patient/studies/" + study + "/series/" + series + "/thumbnail";
    }

    static String frame(String study, String series, String instance, int n) {
        return "/patient/studies/" + study + "/series/" + series + "/instances/" + instance + "/frames/" + n;
    }

    // ---- The list and its empty states

    @Test
    void listWhenAllStudiesGrantedThenNewestFirstWithDetails() throws Exception {
        fixtures.grant(patient, AccessScope.allStudies(), null);

        String page = mvc.perform(get("/patient/studies").with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", Matchers.containsString("no-store")))
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page).contains("Left knee", "5 Nov 2024", "DX").doesNotContain(OTHER);
        // Body Part Examined in plain words, not the DICOM defined terms KNEE, HAND and CHEST
        assertThat(org.jsoup.Jsoup.parse(page).select("tbody tr").eachText())
                .anySatisfy(row ->
                        assertThat(row).contains("Left knee").contains("Knee").doesNotContain("KNEE"))
                .anySatisfy(row -> assertThat(row).contains("Hand").doesNotContain("HAND"))
                .anySatisfy(row -> assertThat(row).contains("Chest").doesNotContain("CHEST"));
        assertThat(page.indexOf(KNEE)).isLessThan(page.indexOf(HAND));
        assertThat(page.indexOf(HAND)).isLessThan(page.indexOf(CHEST));
    }

    @Test
    void listWhenOneStudyGrantedThenOnlyThatOne() throws Exception {
        fixtures.grant(patient, AccessScope.oneStudy(HAND), null);

        mvc.perform(get("/patient/studies").with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString(HAND)))
                .andExpect(content().string(Matchers.not(Matchers.containsString(KNEE))));
    }

    @Test
    void listWhenNoRequestThenLinkToRequests() throws Exception {
        expectEmpty(patient, "You have not asked for access", "/patient/requests");
    }

    @Test
    void listWhenRequestPendingThenSaysSo() throws Exception {
        fixtures.request(patient, AccessScope.allStudies());

        expectEmpty(patient, "waiting for the clinic", "/patient/requests");
    }

    @Test
    void listWhenGrantExpiredThenShowsTheDate() throws Exception {
        fixtures.grant(patient, AccessScope.allStudies(), Instant.parse("2026-11-10T12:00:00Z"));
        clock.set(Instant.parse("2026-11-12T09:00:00Z"));

        expectEmpty(patient, "ended on 10 Nov 2026", "/patient/requests");
        mvc.perform(get("/patient/studies/" + KNEE).with(user(patient))).andExpect(status().isNotFound());
    }

    @Test
    void listWhenNoConsentThenLinkToTerms() throws Exception {
        fixtures.grant(patient, AccessScope.allStudies(), null);
        consents.withdraw(actor(patient, "192.0.2.1"));

        expectEmpty(patient, "agree to them", "/patient/consent");
    }

    @Test
    void listWhenNotLinkedThenExplains() throws Exception {
        expectEmpty(fixtures.user(Role.PATIENT), "not linked", "/patient/studies");
    }

    private void expectEmpty(PortalUser who, String text, String link) throws Exception {
        mvc.perform(get("/patient/studies").with(user(who)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString(text)))
                .andExpect(content().string(Matchers.containsString("href=\"" + link + "\"")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("<table"))));
    }

    // ---- Study page, thumbnails, frames

    @Test
    void studyPageWhenGrantedThenSeriesThumbnailsFirstImageAndNoticeBeforeIt() throws Exception {
        fixtures.grant(patient, AccessScope.oneStudy(KNEE), null);
        long before = views(KNEE, null);

        String page = mvc.perform(get("/patient/studies/" + KNEE).with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", Matchers.containsString("no-store")))
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page)
                .contains(thumbnail(KNEE, KNEE_AP), thumbnail(KNEE, KNEE_LAT), "Knee AP", "/js/viewer.js")
                .contains(frame(KNEE, KNEE_AP, KNEE_AP_1, 1) + "?size=1024")
                .doesNotContain("<script>");
        assertThat(page.indexOf("class=\"clinical-notice clinical-notice-short\""))
                .as("the notice comes before the image")
                .isPositive()
                .isLessThan(page.indexOf("id=\"viewer-image\""));
        assertThat(views(KNEE, null)).isEqualTo(before + 1);
    }

    @Test
    void frameWhenGrantedThenJpegNoStoreAndOneViewEventPerSeries() throws Exception {
        fixtures.grant(patient, AccessScope.oneStudy(HAND), null);
        Cookie[] session = open(HAND);

        for (int n = 1; n <= 3; n++) {
            mvc.perform(get(frame(HAND, HAND_OBLIQUE, HAND_OBLIQUE_1, n))
                            .param("size", "512")
                            .param("wc", n == 3 ? "100" : "")
                            .param("ww", n == 3 ? "400" : "")
                            .with(user(patient))
                            .cookie(session))
                    .andExpect(status().isOk())
                    .andExpect(content().contentType("image/jpeg"))
                    .andExpect(header().string("Cache-Control", Matchers.containsString("no-store")));
        }
        mvc.perform(get(frame(HAND, HAND_OBLIQUE, HAND_OBLIQUE_1, 1))
                        .with(user(patient))
                        .cookie(session))
                .andExpect(status().isOk());
        mvc.perform(get(thumbnail(HAND, HAND_PA)).with(user(patient)).cookie(session))
                .andExpect(status().isOk())
                .andExpect(content().contentType("image/jpeg"))
                .andExpect(header().string("Cache-Control", Matchers.containsString("no-store")));

        assertThat(views(HAND, null)).as("one study event for the page").isEqualTo(1);
        assertThat(views(HAND, HAND_OBLIQUE))
                .as("one event for the series, not per frame")
                .isEqualTo(1);
        assertThat(views(HAND, HAND_PA))
                .as("thumbnails belong to the study page")
                .isZero();

        // Opening the study again is a new visit.
        session = open(HAND, session);
        mvc.perform(get(frame(HAND, HAND_OBLIQUE, HAND_OBLIQUE_1, 2))
                        .with(user(patient))
                        .cookie(session))
                .andExpect(status().isOk());
        assertThat(views(HAND, HAND_OBLIQUE)).isEqualTo(2);
    }

    @Test
    void frameWhenCachedAndAccessEndsThenNotFound() throws Exception {
        AccessGrant grant = fixtures.grant(patient, AccessScope.oneStudy(KNEE), null);
        mvc.perform(get(frame(KNEE, KNEE_AP, KNEE_AP_1, 1)).with(user(patient))).andExpect(status().isOk());

        consents.withdraw(actor(patient, "192.0.2.1"));
        // The study page asks for the terms again (and comes back); images and thumbnails are simply not there.
        mvc.perform(get("/patient/studies/" + KNEE).with(user(patient)))
                .andExpect(status().isFound())
                .andExpect(header().string("Location", "/patient/consent?next=/patient/studies/" + KNEE));
        expectNotFoundEverywhere(List.of(thumbnail(KNEE, KNEE_AP), frame(KNEE, KNEE_AP, KNEE_AP_1, 1)));

        consents.accept(
                actor(patient, "192.0.2.1"),
                consents.currentDocument().orElseThrow().version(),
                "test");
        mvc.perform(get(frame(KNEE, KNEE_AP, KNEE_AP_1, 1)).with(user(patient))).andExpect(status().isOk());
        access.revoke(actor(fixtures.user(Role.STAFF), "192.0.2.1"), grant.id(), "Wrong account");
        expectNotFoundEverywhere(
                List.of("/patient/studies/" + KNEE, thumbnail(KNEE, KNEE_AP), frame(KNEE, KNEE_AP, KNEE_AP_1, 1)));
    }

    private void expectNotFoundEverywhere(List<String> paths) throws Exception {
        for (String path : paths) {
            mvc.perform(get(path).with(user(patient))).andExpect(status().isNotFound());
        }
        mvc.perform(get("/patient/studies").with(user(patient)))
                .andExpect(content().string(Matchers.not(Matchers.containsString(KNEE))));
    }

    @Test
    void everyEndpointWhenOutsideScopeThenNotFoundLikeNothing() throws Exception {
        fixtures.grant(patient, AccessScope.oneStudy(KNEE), null);

        // Another patient's study, a study outside the grant, a UID nobody has: all the same 404.
        for (String study : List.of(OTHER, HAND, UNKNOWN)) {
            expect(status().isNotFound(), "/patient/studies/" + study);
        }
        expect(status().isNotFound(), thumbnail(OTHER, OTHER_SERIES));
        expect(status().isNotFound(), frame(OTHER, OTHER_SERIES, OTHER_INSTANCE, 1));
        expect(status().isNotFound(), frame(HAND, HAND_PA, HAND_PA_1, 1));
        // Objects of other studies (another patient's, or the patient's own outside the grant) under the granted one.
        expect(status().isNotFound(), thumbnail(KNEE, OTHER_SERIES));
        expect(status().isNotFound(), thumbnail(KNEE, HAND_PA));
        expect(status().isNotFound(), thumbnail(KNEE, UNKNOWN));
        expect(status().isNotFound(), frame(KNEE, OTHER_SERIES, OTHER_INSTANCE, 1));
        expect(status().isNotFound(), frame(KNEE, KNEE_AP, OTHER_INSTANCE, 1));
        expect(status().isNotFound(), frame(KNEE, HAND_PA, HAND_PA_1, 1));
        expect(status().isNotFound(), frame(KNEE, KNEE_LAT, KNEE_AP_1, 1)); // an instance of another series
        expect(status().isNotFound(), frame(KNEE, KNEE_AP, UNKNOWN, 1));
        expect(status().isNotFound(), frame(KNEE, KNEE_AP, KNEE_AP_1, 2)); // a frame the image does not have
        assertThat(views(OTHER, null) + views(HAND, null))
                .as("nothing outside scope is audited as viewed")
                .isZero();
        assertThat(views(KNEE, OTHER_SERIES) + views(KNEE, HAND_PA) + views(KNEE, KNEE_LAT))
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.2.abc",
                "1..2",
                "..",
                "1.2.3.",
                "x",
                "9999999999999999999999999999999999999999999999999999999999999999.1"
            })
    void everyEndpointWhenUidMalformedThenBadRequest(String bad) throws Exception {
        fixtures.grant(patient, AccessScope.oneStudy(KNEE), null);

        expect(status().isBadRequest(), "/patient/studies/" + bad);
        expect(status().isBadRequest(), thumbnail(bad, KNEE_AP));
        expect(status().isBadRequest(), thumbnail(KNEE, bad));
        expect(status().isBadRequest(), frame(bad, KNEE_AP, KNEE_AP_1, 1));
        expect(status().isBadRequest(), frame(KNEE, bad, KNEE_AP_1, 1));
        expect(status().isBadRequest(), frame(KNEE, KNEE_AP, bad, 1));
    }

    @Test
    void frameWhenRenderParametersOutOfBoundsThenBadRequest() throws Exception {
        fixtures.grant(patient, AccessScope.oneStudy(KNEE), null);
        String path = frame(KNEE, KNEE_AP, KNEE_AP_1, 1);

        for (String[] query : List.of(
                new String[] {"size", "99999"},
                new String[] {"size", "10"},
                new String[] {"size", "abc"},
                new String[] {"wc", "100"},
                new String[] {"ww", "100"})) {
            mvc.perform(get(path).param(query[0], query[1]).with(user(patient))).andExpect(status().isBadRequest());
        }
        mvc.perform(get(path).param("wc", "NaN").param("ww", "10").with(user(patient)))
                .andExpect(status().isBadRequest());
        mvc.perform(get(path).param("wc", "10").param("ww", "0").with(user(patient)))
                .andExpect(status().isBadRequest());
        mvc.perform(get(path).param("wc", "1e9").param("ww", "10").with(user(patient)))
                .andExpect(status().isBadRequest());
        for (String n : List.of("0", "-1", "x", "100000")) {
            mvc.perform(get("/patient/studies/" + KNEE + "/series/" + KNEE_AP + "/instances/" + KNEE_AP_1 + "/frames/"
                                    + n)
                            .with(user(patient)))
                    .andExpect(status().isBadRequest());
        }
    }

    @Test
    void everyEndpointWhenStaffOrAdminThenForbidden() throws Exception {
        fixtures.grant(patient, AccessScope.oneStudy(KNEE), null);
        for (Role role : List.of(Role.STAFF, Role.ADMIN)) {
            PortalUser other = fixtures.user(role);
            for (String path : List.of(
                    "/patient/studies",
                    "/patient/studies/" + KNEE,
                    thumbnail(KNEE, KNEE_AP),
                    frame(KNEE, KNEE_AP, KNEE_AP_1, 1))) {
                mvc.perform(get(path).with(user(other))).andExpect(status().isForbidden());
            }
        }
    }

    @Test
    void frameWhenAuditCannotBeWrittenThenNotServed() throws Exception {
        fixtures.grant(patient, AccessScope.oneStudy(KNEE), null);
        Cookie[] session = open(KNEE);
        JdbcClient owner = JdbcClient.create(testDatabase.asOwner());
        String appRole = testDatabase.roles().appRole();
        owner.sql("REVOKE INSERT ON audit_event FROM " + appRole).update();
        try {
            for (String path : List.of(
                    frame(KNEE, KNEE_LAT, instance("mueller-knee-2024", 2, 1), 1), "/patient/studies/" + KNEE)) {
                String type = mvc.perform(get(path).with(user(patient)).cookie(session))
                        .andExpect(status().is5xxServerError())
                        .andReturn()
                        .getResponse()
                        .getContentType();
                assertThat(type).doesNotStartWith("image/");
            }
        } finally {
            owner.sql("GRANT INSERT ON audit_event TO " + appRole).update();
        }
        mvc.perform(get(frame(KNEE, KNEE_LAT, instance("mueller-knee-2024", 2, 1), 1))
                        .with(user(patient))
                        .cookie(session))
                .andExpect(status().isOk());
        assertThat(views(KNEE, KNEE_LAT)).as("recorded once it could be").isEqualTo(1);
    }

    // ---- Issue 15: full-depth values for brightness and contrast (ModalityValuesController)

    @Test
    void valuesWhenGrantedThenModalityValuesNoStoreAndTheSeriesViewRecordedOnce() throws Exception {
        fixtures.grant(patient, AccessScope.oneStudy(KNEE), null);
        Cookie[] session = open(KNEE);
        String values = frame(KNEE, KNEE_AP, KNEE_AP_1, 1) + "/values";

        byte[] body = mvc.perform(
                        get(values).param("size", "256").with(user(patient)).cookie(session))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/octet-stream"))
                .andExpect(header().string("Cache-Control", Matchers.containsString("no-store")))
                .andExpect(header().doesNotExist("Content-Encoding"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(body).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int length = buffer.getInt();
        assertThat(length % 4).isZero();
        var json = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(new String(body, 4, length, java.nio.charset.StandardCharsets.UTF_8));
        // Knee AP: 400 columns x 500 rows, MONOCHROME1, 16 bits stored, its own window; fitted into 256 x 256.
        assertThat(json.get("columns").asInt()).isEqualTo(205);
        assertThat(json.get("rows").asInt()).isEqualTo(256);
        assertThat(json.get("sourceColumns").asInt()).isEqualTo(400);
        assertThat(json.get("sourceRows").asInt()).isEqualTo(500);
        assertThat(json.get("photometric").asString()).isEqualTo("MONOCHROME1");
        assertThat(json.get("type").asString()).isEqualTo("u16");
        assertThat(json.get("window").get("function").asString()).isEqualTo("LINEAR");
        assertThat(body).hasSize(4 + length + 205 * 256 * 2);
        assertThat(json.get("maximum").asDouble())
                .isLessThanOrEqualTo(65535)
                .isGreaterThan(json.get("minimum").asDouble());

        // A browser gets it compressed; every further request of the visit (a drag asks for none) adds no event.
        mvc.perform(get(values)
                        .param("size", "1024")
                        .header("Accept-Encoding", "gzip, deflate, br")
                        .with(user(patient))
                        .cookie(session))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Encoding", "gzip"))
                .andExpect(header().string("Vary", Matchers.containsString("Accept-Encoding")));
        mvc.perform(get(frame(KNEE, KNEE_AP, KNEE_AP_1, 1)).with(user(patient)).cookie(session))
                .andExpect(status().isOk());
        assertThat(views(KNEE, KNEE_AP))
                .as("one event for the series, values and frames alike")
                .isEqualTo(1);

        // Outside the scope: like nothing, and nothing audited.
        for (String path : List.of(
                frame(OTHER, OTHER_SERIES, OTHER_INSTANCE, 1),
                frame(HAND, HAND_PA, HAND_PA_1, 1),
                frame(KNEE, HAND_PA, HAND_PA_1, 1),
                frame(KNEE, KNEE_LAT, KNEE_AP_1, 1),
                frame(KNEE, KNEE_AP, UNKNOWN, 1),
                frame(KNEE, KNEE_AP, KNEE_AP_1, 2))) {
            expect(status().isNotFound(), path + "/values");
        }
        assertThat(views(OTHER, null) + views(HAND, null) + views(KNEE, HAND_PA) + views(KNEE, KNEE_LAT))
                .isZero();
        for (String bad : List.of("?size=0", "?size=abc", "?size=99999", "?size=-1")) {
            expect(status().isBadRequest(), values + bad);
        }
        expect(status().isBadRequest(), frame(KNEE, KNEE_AP, "1..2", 1) + "/values");
        expect(status().isBadRequest(), frame(KNEE, KNEE_AP, KNEE_AP_1, 0) + "/values");
    }

    // ---- Issue 15: terms interstitial, light/dark choice, true aspect ratio

    @Test
    void studyPageWhenTermsChangedThenTermsFirstAndBackToTheStudyAfterAgreeing() throws Exception {
        fixtures.grant(patient, AccessScope.oneStudy(KNEE), null);
        PortalUser admin = fixtures.user(Role.ADMIN);
        int version = consents.publish(actor(admin, "192.0.2.1"), "Terms v2", "New terms.", clock.instant())
                .version();

        mvc.perform(get("/patient/studies/" + KNEE).with(user(patient)))
                .andExpect(status().isFound())
                .andExpect(header().string("Location", "/patient/consent?next=/patient/studies/" + KNEE));
        mvc.perform(get("/patient/consent")
                        .param("next", "/patient/studies/" + KNEE)
                        .with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("The terms have changed")))
                .andExpect(content().string(Matchers.containsString("go straight back to the study")))
                .andExpect(content()
                        .string(Matchers.containsString("name=\"next\" value=\"/patient/studies/" + KNEE + "\"")));

        mvc.perform(post("/patient/consent")
                        .param("version", String.valueOf(version))
                        .param("agree", "true")
                        .param("next", "/patient/studies/" + KNEE)
                        .with(user(patient))
                        .with(csrf()))
                .andExpect(status().isFound())
                .andExpect(header().string("Location", "/done"))
                .andExpect(flash().attribute(
                                "confirmation",
                                new Confirmation(
                                        "consentRenewed", "consent.flash.accepted", "/patient/studies/" + KNEE)));
        mvc.perform(get("/patient/studies/" + KNEE).with(user(patient))).andExpect(status().isOk());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example/", "//evil.example", "/patient/studies/1.2/../../admin", "/logout"})
    void agreeWhenNextIsNotAStudyPageThenHome(String next) throws Exception {
        PortalUser admin = fixtures.user(Role.ADMIN);
        int version = consents.publish(actor(admin, "192.0.2.1"), "Terms v2", "New terms.", clock.instant())
                .version();

        mvc.perform(get("/patient/consent").param("next", next).with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.not(Matchers.containsString("name=\"next\""))));
        mvc.perform(post("/patient/consent")
                        .param("version", String.valueOf(version))
                        .param("agree", "true")
                        .param("next", next)
                        .with(user(patient))
                        .with(csrf()))
                .andExpect(status().isFound())
                .andExpect(header().string("Location", "/done"))
                .andExpect(flash().attribute(
                                "confirmation",
                                new Confirmation("consentGiven", "consent.flash.accepted", "/patient/requests")));
    }

    @Test
    void studyPageWhenNeverLinkedThenStillNotFound() throws Exception {
        mvc.perform(get("/patient/studies/" + KNEE).with(user(fixtures.user(Role.PATIENT))))
                .andExpect(status().isNotFound());
    }

    @Test
    void printPageWhenGrantedThenEverySheetWithNoticeAndOtherwiseLikeNothing() throws Exception {
        fixtures.grant(patient, AccessScope.oneStudy(KNEE), null);
        long before = views(KNEE, null);

        String page = mvc.perform(get("/patient/studies/" + KNEE + "/print").with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", Matchers.containsString("no-store")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page.split("class=\"print-sheet\"", -1)).hasSize(4);
        assertThat(page.split("not a diagnostic display", -1)).hasSize(4);
        assertThat(page).contains(frame(KNEE, KNEE_AP, KNEE_AP_1, 1) + "?size=2048\"", "Image 3 of 3");
        assertThat(views(KNEE, null)).isEqualTo(before + 1);

        for (String study : List.of(OTHER, HAND, UNKNOWN)) {
            expect(status().isNotFound(), "/patient/studies/" + study + "/print");
        }
        expect(status().isBadRequest(), "/patient/studies/1..2/print");
    }

    @Test
    void themeWhenChosenThenRememberedForTheAccountAndBackToTheStudy() throws Exception {
        fixtures.grant(patient, AccessScope.oneStudy(KNEE), null);
        String study = "/patient/studies/" + KNEE;
        mvc.perform(get(study).with(user(patient)))
                .andExpect(content().string(Matchers.containsString("class=\"viewer theme-dark\"")));

        mvc.perform(post("/patient/viewer/theme")
                        .param("theme", "light")
                        .param("study", KNEE)
                        .with(user(patient))
                        .with(csrf()))
                .andExpect(status().isFound())
                .andExpect(header().string("Location", study + "#viewer"));
        mvc.perform(get(study).with(user(patient)))
                .andExpect(content().string(Matchers.containsString("class=\"viewer theme-light\"")))
                .andExpect(content().string(Matchers.containsString("name=\"theme\" value=\"dark\"")));

        mvc.perform(post("/patient/viewer/theme")
                        .param("theme", "dark")
                        .param("study", "../../logout")
                        .with(user(patient))
                        .with(csrf()))
                .andExpect(header().string("Location", "/patient/studies"));
        mvc.perform(post("/patient/viewer/theme")
                        .param("theme", "sepia")
                        .with(user(patient))
                        .with(csrf()))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/patient/viewer/theme").param("theme", "light").with(user(patient)))
                .andExpect(status().isForbidden());
        mvc.perform(get(study).with(user(patient)))
                .andExpect(content().string(Matchers.containsString("class=\"viewer theme-dark\"")));
    }

    @Test
    void frameWhenRenderedThenHasTheImageProportionsNeverPaddedNorEnlarged() throws Exception {
        // The knee images are 400 x 500 (columns x rows). "Knee AP" is MONOCHROME1, rendered by the portal from its
        // pixel data; "Knee AP standing" is MONOCHROME2 with its own linear window, rendered by the PACS with a
        // viewport the gateway sizes to the image. Both come back in the image's own proportions.
        fixtures.grant(patient, AccessScope.oneStudy(KNEE), null);
        String portalRendered = frame(KNEE, KNEE_AP, KNEE_AP_1, 1);
        String pacsRendered = frame(KNEE, series("mueller-knee-2024", 3), instance("mueller-knee-2024", 3, 1), 1);

        for (String path : List.of(portalRendered, pacsRendered)) {
            java.awt.image.BufferedImage fitted = jpeg(path, "256", null);
            assertThat(fitted.getWidth()).as(path).isEqualTo(205); // 400 * 256 / 500 = 204.8
            assertThat(fitted.getHeight()).as(path).isEqualTo(256);
            java.awt.image.BufferedImage large = jpeg(path, "512", null);
            assertThat(large.getWidth()).as(path).isEqualTo(400);
            assertThat(large.getHeight()).as(path).isEqualTo(500);
        }
        // A preset is applied by the portal, also to an image the PACS would render.
        java.awt.image.BufferedImage withPreset = jpeg(pacsRendered + "?preset=brighter", "256", null);
        assertThat(withPreset.getWidth()).isEqualTo(205);
        assertThat(withPreset.getHeight()).isEqualTo(256);
        // The viewer's former shape=COLSxROWS is not needed any more; an old page that still sends it gets the same.
        java.awt.image.BufferedImage oldViewer = jpeg(portalRendered, "256", "300x600");
        assertThat(oldViewer.getWidth()).isEqualTo(205);
        assertThat(oldViewer.getHeight()).isEqualTo(256);
    }

    private java.awt.image.BufferedImage jpeg(String path, String size, String shape) throws Exception {
        var request = get(path).param("size", size).with(user(patient));
        if (shape != null) {
            request = request.param("shape", shape);
        }
        byte[] body = mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        return javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(body));
    }

    /**
     * Opens the study page and returns the cookies a browser would send with the study's frames: the session's, if the
     * page made one (sessions are Spring Session's, in PostgreSQL), and the visit's (ViewAudit).
     */
    private Cookie[] open(String study) throws Exception {
        return open(study, new Cookie[0]);
    }

    /** Opens the study page again with the browser's cookies; the new visit cookie replaces the old one. */
    private Cookie[] open(String study, Cookie[] cookies) throws Exception {
        var request = get("/patient/studies/" + study).with(user(patient));
        List<Cookie> kept = new java.util.ArrayList<>();
        for (Cookie cookie : cookies) {
            if (!cookie.getName().equals(ViewAudit.VISIT_COOKIE)) {
                request.cookie(cookie);
                kept.add(cookie);
            }
        }
        boolean visit = false;
        for (String setCookie : mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getHeaders("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            Cookie cookie = new Cookie(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            visit |= cookie.getName().equals(ViewAudit.VISIT_COOKIE);
            kept.removeIf(c -> c.getName().equals(cookie.getName()));
            kept.add(cookie);
        }
        assertThat(visit).as("the study page begins a visit").isTrue();
        return kept.toArray(Cookie[]::new);
    }

    private void expect(ResultMatcher matcher, String path) throws Exception {
        mvc.perform(get(path).with(user(patient))).andExpect(matcher);
    }

    private long views(String study, String series) {
        return jdbc.sql("""
                        SELECT count(*) FROM audit_event
                        WHERE action = 'VIEW' AND actor_id = ? AND study_uid = ?
                          AND series_uid IS NOT DISTINCT FROM ?
                        """)
                .params(patient.id(), study, series)
                .query(Long.class)
                .single();
    }
}
