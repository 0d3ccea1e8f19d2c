package org.xrayportal.consultation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xrayportal.viewer.ViewerFixtures.study;

import jakarta.mail.internet.MimeMessage;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.access.AccessScope;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalWithPacsTest;
import org.xrayportal.support.TestMail;
import org.xrayportal.viewer.ViewerFixtures;

/** Consultation requests from the study page, the staff queue's guarded steps, the email, and the audit events. */
@PortalWithPacsTest
@AutoConfigureMockMvc
@Import(ViewerFixtures.class)
class ConsultationWebIT {

    static final String KNEE = study("mueller-knee-2024");
    static final String HAND = study("mueller-hand-2023");
    static final String OTHER = study("odegard-knee-2024");

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", TestMail::port);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    ViewerFixtures fixtures;

    @Autowired
    ConsultationService consultations;

    @Autowired
    JdbcClient jdbc;

    PortalUser patient;
    PortalUser staff;

    @BeforeEach
    void setUp() {
        patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        staff = fixtures.user(Role.STAFF);
        fixtures.grant(patient, AccessScope.oneStudy(KNEE), null);
    }

    @Test
    void requestWhenValidThenOpenAuditedAndAnsweredThroughTheQueueWithAnEmailWithoutContent() throws Exception {
        send(KNEE, "Is the joint space narrower than last year?", "PHONE", "+49 30 1234567")
                .andExpect(status().is3xxRedirection());
        Consultation c = consultations.ofPatient(patient.id()).getFirst();
        assertThat(c.status()).isEqualTo(Consultation.Status.OPEN);
        assertThat(c.studyUid()).isEqualTo(KNEE);
        assertThat(c.studyDescription()).isEqualTo("Left knee");
        assertThat(audits("CONSULTATION_REQUESTED")).isEqualTo(1);

        jdbc.sql("UPDATE patient_identity_link SET verified_birth_date = DATE '1958-07-04' WHERE account_id = ?")
                .param(patient.id())
                .update();
        String queue = mvc.perform(get("/staff/consultations").with(user(staff)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("/staff/consultations/" + c.id())))
                .andReturn()
                .getResponse()
                .getContentAsString();
        // the row names the patient and the verified birth date, read with every other row's in one query
        assertThat(org.jsoup.Jsoup.parse(queue)
                        .selectFirst("tr:has(a[href=/staff/consultations/" + c.id() + "]) td.patient")
                        .text())
                .isEqualTo("Test PATIENT born 4 Jul 1958");
        // Answering before taking it, and closing before answering, are illegal steps.
        mvc.perform(post("/staff/consultations/" + c.id() + "/answer")
                        .param("answer", "Too early")
                        .with(user(staff))
                        .with(csrf()))
                .andExpect(status().isConflict());
        mvc.perform(post("/staff/consultations/" + c.id() + "/close")
                        .with(user(staff))
                        .with(csrf()))
                .andExpect(status().isConflict());
        mvc.perform(post("/staff/consultations/" + c.id() + "/start")
                        .with(user(staff))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/staff/consultations/" + c.id() + "/start")
                        .with(user(staff))
                        .with(csrf()))
                .andExpect(status().isConflict());
        mvc.perform(post("/staff/consultations/" + c.id() + "/answer")
                        .param("answer", " ")
                        .with(user(staff))
                        .with(csrf()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(Matchers.containsString("Enter the answer.")));
        mvc.perform(post("/staff/consultations/" + c.id() + "/answer")
                        .param("answer", "The joint space looks unchanged; let us discuss it at your visit.")
                        .with(user(staff))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());

        assertThat(consultations.find(c.id()).status()).isEqualTo(Consultation.Status.ANSWERED);
        assertThat(audits("CONSULTATION_ANSWERED")).isEqualTo(1);
        MimeMessage mail = TestMail.awaitTo(patient.email(), 2).getLast();
        assertThat(TestMail.body(mail))
                .contains("/patient/consultations")
                .doesNotContain("joint")
                .doesNotContain("knee")
                .doesNotContain("1001");
        mvc.perform(get("/patient/consultations").with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("The joint space looks unchanged")));
        mvc.perform(post("/staff/consultations/" + c.id() + "/close")
                        .with(user(staff))
                        .with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(consultations.find(c.id()).status()).isEqualTo(Consultation.Status.CLOSED);
    }

    @Test
    void requestWhenInvalidThenUnprocessableWithFieldErrorsAndNothingSaved() throws Exception {
        send(KNEE, " ", "PORTAL", "")
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(Matchers.containsString("Enter your question.")));
        send(KNEE, "A question", "PHONE", "")
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(Matchers.containsString("Enter a phone number")));
        send(KNEE, "A question", "PIGEON", "").andExpect(status().isUnprocessableContent());
        send(KNEE, "x".repeat(2001), "EMAIL", "").andExpect(status().isUnprocessableContent());
        send(KNEE, "A question", "PHONE", "call me <script>").andExpect(status().isUnprocessableContent());

        assertThat(consultations.ofPatient(patient.id())).isEmpty();
        assertThat(audits("CONSULTATION_REQUESTED")).isZero();
    }

    @Test
    void requestWhenPhoneMissingThenErrorSummaryLinksToTheFieldAndTheQuestionIsKept() throws Exception {
        String html = send(KNEE, "Is the joint space narrower than last year?", "PHONE", "")
                .andExpect(status().isUnprocessableContent())
                .andReturn()
                .getResponse()
                .getContentAsString();

        // The summary comes before the form's fields, links to the phone field and is announced; the text stays.
        assertThat(html).containsOnlyOnce("id=\"error-summary\"");
        assertThat(html.indexOf("id=\"error-summary\"")).isLessThan(html.indexOf("id=\"question\""));
        assertThat(html)
                .contains("role=\"alert\" tabindex=\"-1\" aria-labelledby=\"error-summary-title\"")
                .contains("<h2 id=\"error-summary-title\">There is a problem</h2>")
                .contains("<a href=\"#phone\">Enter a phone number")
                .contains("src=\"/js/error-summary.js\"")
                .contains(">Is the joint space narrower than last year?</textarea>")
                .contains("id=\"phone\"");
    }

    @Test
    void requestWhenStudyOutsideScopeThenNotFoundOrMalformedThenBadRequest() throws Exception {
        send(OTHER, "About someone else's study", "PORTAL", "").andExpect(status().isNotFound());
        send(HAND, "About a study outside my grant", "PORTAL", "").andExpect(status().isNotFound());
        send("1.2.x", "Malformed", "PORTAL", "").andExpect(status().isBadRequest());
        assertThat(consultations.ofPatient(patient.id())).isEmpty();
    }

    @Test
    void replayedPostWithTheSameFormTokenStoresOneQuestion() throws Exception {
        // The form, shown again with its errors, carries a fresh one-time token.
        org.springframework.test.web.servlet.MvcResult form = mvc.perform(
                        post("/patient/studies/" + KNEE + "/consultations")
                                .param("question", "")
                                .param("contactMethod", "PORTAL")
                                .with(user(patient))
                                .with(csrf()))
                .andExpect(status().isUnprocessableContent())
                .andReturn();
        String page = form.getResponse().getContentAsString();
        java.util.regex.Matcher hidden = java.util.regex.Pattern.compile(
                        "name=\"formToken\" value=\"([A-Za-z0-9_-]{24})\"")
                .matcher(page);
        assertThat(hidden.find()).isTrue();
        String token = hidden.group(1);

        for (int i = 0; i < 2; i++) {
            mvc.perform(post("/patient/studies/" + KNEE + "/consultations")
                            .param("question", "Is it healed?")
                            .param("contactMethod", "PORTAL")
                            .param("formToken", token)
                            .with(user(patient))
                            .with(csrf()))
                    .andExpect(status().isFound())
                    .andExpect(redirectedUrl("/done"))
                    .andExpect(flash().attribute(
                                    "confirmation",
                                    new org.xrayportal.system.Confirmation(
                                            "consultationSent",
                                            i == 0 ? "consultation.flash.sent" : "consultation.flash.alreadySent",
                                            "/patient/studies/" + KNEE + "#consultation")));
        }
        assertThat(consultations.ofPatient(patient.id()))
                .extracting(Consultation::question)
                .containsExactly("Is it healed?");
        assertThat(audits("CONSULTATION_REQUESTED")).isEqualTo(1);
    }

    @Test
    void queueWhenWrongRoleOrUnknownThenForbiddenOrNotFound() throws Exception {
        mvc.perform(get("/staff/consultations").with(user(patient))).andExpect(status().isForbidden());
        mvc.perform(get("/patient/consultations").with(user(staff))).andExpect(status().isForbidden());
        mvc.perform(get("/staff/consultations/999999").with(user(staff))).andExpect(status().isNotFound());
        mvc.perform(get("/staff/consultations").param("status", "BOGUS").with(user(staff)))
                .andExpect(status().isBadRequest());
    }

    @Test
    void staffHomeWhenRequestsWaitThenEachQueueCountsThemAndListsTheOldestWithLinks() throws Exception {
        send(KNEE, "Is the joint space narrower than last year?", "PORTAL", "").andExpect(status().is3xxRedirection());
        Consultation c = consultations.ofPatient(patient.id()).getFirst();
        var request = fixtures.request(patient, AccessScope.oneStudy(HAND));
        // Older than anything other tests of this context leave waiting, so they come first in their queues.
        jdbc.sql("UPDATE consultation_request SET created_at = TIMESTAMPTZ '2000-01-03 10:00:00Z' WHERE id = ?")
                .param(c.id())
                .update();
        jdbc.sql("UPDATE access_request SET submitted_at = TIMESTAMPTZ '2000-01-02 10:00:00Z' WHERE id = ?")
                .param(request.id())
                .update();
        long waitingConsultations = jdbc.sql(
                        "SELECT count(*) FROM consultation_request WHERE status IN ('OPEN', 'IN_PROGRESS')")
                .query(Long.class)
                .single();
        long waitingRequests = jdbc.sql("SELECT count(*) FROM access_request WHERE status = 'SUBMITTED'")
                .query(Long.class)
                .single();

        var page = org.jsoup.Jsoup.parse(mvc.perform(get("/staff").with(user(staff)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());

        var sections = page.select("section.staff-queue");
        assertThat(sections.eachAttr("aria-labelledby")).hasSize(3);
        assertThat(sections.get(0).selectFirst("h2 span").text()).isEqualTo("Identities to verify");
        assertThat(sections.get(1).selectFirst("h2").text())
                .isEqualTo("Access requests " + waitingRequests + " waiting");
        assertThat(sections.get(1).selectFirst("li").text()).isEqualTo("Test PATIENT since 2 Jan 2000");
        assertThat(sections.get(1).selectFirst("li a").attr("href")).isEqualTo("/staff/requests/" + request.id());
        assertThat(sections.get(1).select("li")).hasSizeLessThanOrEqualTo(5);
        assertThat(sections.get(2).selectFirst("h2").text())
                .isEqualTo("Consultation requests " + waitingConsultations + " waiting");
        assertThat(sections.get(2).selectFirst("li").text()).isEqualTo("Test PATIENT since 3 Jan 2000");
        assertThat(sections.get(2).selectFirst("li a").attr("href")).isEqualTo("/staff/consultations/" + c.id());
    }

    private org.springframework.test.web.servlet.ResultActions send(
            String studyUid, String question, String contact, String phone) throws Exception {
        return mvc.perform(post("/patient/studies/" + studyUid + "/consultations")
                .param("question", question)
                .param("contactMethod", contact)
                .param("phone", phone)
                .param("preferredTimes", "Weekday mornings")
                .with(user(patient))
                .with(csrf()));
    }

    private long audits(String action) {
        return jdbc.sql(
                        "SELECT count(*) FROM audit_event WHERE action = ? AND patient_id = '1001' AND actor_id IN (?, ?)")
                .params(action, patient.id(), staff.id())
                .query(Long.class)
                .single();
    }
}
