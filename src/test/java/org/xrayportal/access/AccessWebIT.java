package org.xrayportal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xrayportal.access.AccessFixtures.study;
import static org.xrayportal.support.Actors.actor;

import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalWithPacsTest;
import org.xrayportal.support.TestMail;

/** The access pages through the web layer: forms, status codes, nothing half-written, and the patient's email. */
@PortalWithPacsTest
@AutoConfigureMockMvc
@Import(AccessFixtures.class)
class AccessWebIT {

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", TestMail::port);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    AccessService access;

    @Autowired
    AccessFixtures fixtures;

    PortalUser patient;
    PortalUser staff;

    @BeforeEach
    void setUp() {
        patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        staff = fixtures.user(Role.STAFF);
    }

    @Test
    void requestPageWhenLinkedAndConsentingThenOffersOwnStudiesOnly() throws Exception {
        mvc.perform(get("/patient/requests").with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString(study("mueller-knee-2024"))))
                .andExpect(content().string(Matchers.containsString("Left knee")))
                .andExpect(content().string(Matchers.not(Matchers.containsString(study("odegard-knee-2024")))));
    }

    @Test
    void submitWhenOneStudyWithoutStudyThenUnprocessableAndNothingSaved() throws Exception {
        mvc.perform(post("/patient/requests")
                        .with(user(patient))
                        .with(csrf())
                        .param("scope", "ONE_STUDY")
                        .param("format", "VIEW"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(Matchers.containsString("Choose one of the studies in the list.")));

        assertThat(access.requestsOf(patient.id())).isEmpty();
    }

    @Test
    void submitWhenDatesReversedOrMessageTooLongThenUnprocessable() throws Exception {
        mvc.perform(post("/patient/requests")
                        .with(user(patient))
                        .with(csrf())
                        .param("scope", "DATE_RANGE")
                        .param("dateFrom", "2024-01-01")
                        .param("dateTo", "2023-01-01")
                        .param("format", "VIEW"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(Matchers.containsString("with the start on or before the end")));
        mvc.perform(post("/patient/requests")
                        .with(user(patient))
                        .with(csrf())
                        .param("scope", "ALL_STUDIES")
                        .param("message", "x".repeat(2001))
                        .param("format", "VIEW"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(Matchers.containsString("at most 2,000 characters")));
        mvc.perform(post("/patient/requests")
                        .with(user(patient))
                        .with(csrf())
                        .param("scope", "EVERYTHING")
                        .param("format", "VIEW"))
                .andExpect(status().isUnprocessableContent());

        assertThat(access.requestsOf(patient.id())).isEmpty();
    }

    @Test
    void submitWhenTheSameScopeIsPendingThenUnprocessableWithALinkToThePendingOne() throws Exception {
        long pending = submitAll();

        mvc.perform(post("/patient/requests")
                        .with(user(patient))
                        .with(csrf())
                        .param("scope", "ALL_STUDIES")
                        .param("message", "Second press")
                        .param("format", "DOWNLOAD"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(Matchers.containsString("id=\"error-summary\"")))
                .andExpect(content()
                        .string(Matchers.containsString(
                                "You already have a request waiting for a decision for these images.")))
                .andExpect(content().string(Matchers.containsString("href=\"#request-" + pending + "\"")))
                .andExpect(content().string(Matchers.containsString("<tr id=\"request-" + pending + "\">")))
                .andExpect(content().string(Matchers.containsString(">Second press</textarea>")));

        assertThat(access.requestsOf(patient.id()))
                .extracting(AccessRequest::id)
                .containsExactly(pending);
    }

    @Test
    void submitWhenTwoIdenticalRequestsArriveAtOnceThenExactlyOneIsSaved() throws Exception {
        var start = new CyclicBarrier(2);
        Callable<Integer> press = () -> {
            start.await(10, TimeUnit.SECONDS);
            return mvc.perform(post("/patient/requests")
                            .with(user(patient))
                            .with(csrf())
                            .param("scope", "ONE_STUDY")
                            .param("studyUid", study("mueller-knee-2024"))
                            .param("format", "VIEW"))
                    .andReturn()
                    .getResponse()
                    .getStatus();
        };
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Integer> first = pool.submit(press);
            Future<Integer> second = pool.submit(press);

            assertThat(List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS)))
                    .containsExactlyInAnyOrder(302, 422);
        }
        assertThat(access.requestsOf(patient.id()))
                .singleElement()
                .satisfies(r -> assertThat(r.scope()).isEqualTo(AccessScope.oneStudy(study("mueller-knee-2024"))));
    }

    @Test
    void submitWhenAnotherPatientsStudyThenRejected() throws Exception {
        mvc.perform(post("/patient/requests")
                        .with(user(patient))
                        .with(csrf())
                        .param("scope", "ONE_STUDY")
                        .param("studyUid", study("odegard-knee-2024"))
                        .param("format", "VIEW"))
                .andExpect(status().isUnprocessableContent());

        assertThat(access.requestsOf(patient.id())).isEmpty();
    }

    @Test
    void approveWhenValidThenGrantAndAnEmailWithoutPatientData() throws Exception {
        long id = submitAll();

        mvc.perform(get("/staff/requests").with(user(staff)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("/staff/requests/" + id)));
        mvc.perform(get("/staff/requests/" + id).with(user(staff)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Left knee")))
                .andExpect(content().string(Matchers.containsString("1001")))
                // staff share the patient's studies, not "my" studies
                .andExpect(content().string(Matchers.containsString("All of the patient&#39;s X-ray studies")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("All my X-ray studies"))));

        mvc.perform(post("/staff/requests/" + id + "/approve")
                        .with(user(staff))
                        .with(csrf())
                        .param("scope", "ONE_STUDY")
                        .param("studyUid", study("mueller-knee-2024")))
                .andExpect(status().is3xxRedirection());

        assertThat(access.request(id).status()).isEqualTo(AccessRequest.Status.APPROVED);
        assertThat(access.grantFor(id))
                .get()
                .extracting(g -> g.scope().studyUid())
                .isEqualTo(study("mueller-knee-2024"));
        MimeMessage mail = TestMail.awaitTo(patient.email(), 1).getLast();
        String body = TestMail.body(mail);
        assertThat(mail.getSubject()).contains("updated");
        assertThat(body).contains("/patient/requests").doesNotContain("knee").doesNotContain("1001");
    }

    @Test
    void revokeWhenReasonGivenThenThePatientsRequestsPageShowsTheReason() throws Exception {
        long id = submitAll();
        AccessGrant grant = access.approve(actor(staff, "ip"), id, AccessScope.allStudies(), null, false);
        access.revoke(actor(staff, "ip"), grant.id(), "Sent to the wrong account by mistake");

        mvc.perform(get("/patient/requests").with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Ended by the clinic on")))
                .andExpect(content().string(Matchers.containsString("reason: Sent to the wrong account by mistake")));
    }

    @Test
    void approveWhenAlreadyDecidedThenConflictPage() throws Exception {
        long id = submitAll();
        access.deny(actor(staff, "ip"), id, "No images in that period");

        mvc.perform(post("/staff/requests/" + id + "/approve")
                        .with(user(staff))
                        .with(csrf())
                        .param("scope", "ALL_STUDIES"))
                .andExpect(status().isConflict())
                .andExpect(content().string(Matchers.containsString("already been denied")));

        assertThat(access.grantFor(id)).isEmpty();
    }

    @Test
    void denyWhenNoReasonThenUnprocessableAndStillPending() throws Exception {
        long id = submitAll();

        mvc.perform(post("/staff/requests/" + id + "/deny")
                        .with(user(staff))
                        .with(csrf())
                        .param("reason", " "))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().string(Matchers.containsString("Enter a reason.")));

        assertThat(access.request(id).isPending()).isTrue();
    }

    @Test
    void extendWhenDateMalformedThenUnprocessable() throws Exception {
        long id = submitAll();

        mvc.perform(post("/staff/requests/" + id + "/extend")
                        .with(user(staff))
                        .with(csrf())
                        .param("newDueDate", "soon")
                        .param("reason", "Archive retrieval"))
                .andExpect(status().isUnprocessableContent());

        assertThat(access.request(id).isExtended()).isFalse();
    }

    @Test
    void queueWhenUnknownStatusOrRequestThenClientErrors() throws Exception {
        mvc.perform(get("/staff/requests").param("status", "BOGUS").with(user(staff)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/staff/requests/999999").with(user(staff))).andExpect(status().isNotFound());
        mvc.perform(get("/staff/requests/abc").with(user(staff))).andExpect(status().isBadRequest());
    }

    @Test
    void staffPagesWhenPatientThenForbidden() throws Exception {
        mvc.perform(get("/staff/requests").with(user(patient))).andExpect(status().isForbidden());
        mvc.perform(get("/staff/pacs").with(user(patient))).andExpect(status().isForbidden());
    }

    @Test
    void withdrawWhenAnotherPatientsRequestThenNotFound() throws Exception {
        long id = submitAll();
        PortalUser other = fixtures.consentingPatient(DemoStudies.ODEGARD);

        mvc.perform(post("/patient/requests/" + id + "/withdraw")
                        .with(user(other))
                        .with(csrf()))
                .andExpect(status().isNotFound());

        assertThat(access.request(id).isPending()).isTrue();
    }

    @Test
    void pacsLookupWhenExactIdThenOnlyThatPatientsStudies() throws Exception {
        String page = mvc.perform(get("/staff/pacs")
                        .param("patientId", "1001")
                        .param("issuer", DemoStudies.ISSUER_A)
                        .with(user(staff)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Left knee")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("Ødegård"))))
                .andReturn()
                .getResponse()
                .getContentAsString();
        // Body part in plain words, with the DICOM value as the cell's title
        var kneeRow = org.jsoup.Jsoup.parse(page).selectFirst("tbody tr:contains(Left knee)");
        assertThat(kneeRow.child(4).text()).isEqualTo("Knee");
        assertThat(kneeRow.child(4).attr("title")).isEqualTo("KNEE");
        mvc.perform(get("/staff/pacs").param("patientId", "a\\b").with(user(staff)))
                .andExpect(status().isBadRequest());
    }

    @Test
    void pacsLookupWhenNoIssuerAndTheIdExistsUnderTwoThenStaffChooseAndNothingIsMerged() throws Exception {
        String page = mvc.perform(get("/staff/pacs").param("patientId", "1001").with(user(staff)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        var links = org.jsoup.Jsoup.parse(page)
                .select("main ul a[href^='/staff/pacs']")
                .eachAttr("href");
        assertThat(links)
                .containsExactlyInAnyOrder(
                        "/staff/pacs?patientId=1001&issuer=" + DemoStudies.ISSUER_A,
                        "/staff/pacs?patientId=1001&issuer=" + DemoStudies.ISSUER_B);
        assertThat(page).doesNotContain("Left knee");
    }

    private long submitAll() {
        return access.submit(actor(patient, "192.0.2.1"), AccessScope.allStudies(), null, AccessRequest.Format.VIEW)
                .id();
    }
}
