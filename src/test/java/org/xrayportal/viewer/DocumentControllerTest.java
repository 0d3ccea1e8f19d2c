package org.xrayportal.viewer;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.access.StudyAccessPolicy;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.StructuredReport;
import org.xrayportal.imaging.Study;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.support.PortalWebMvcTest;

/** A study's report and PDF through the web layer alone: roles, malformed UIDs, scope, the PDF's own headers. */
@PortalWebMvcTest(DocumentController.class)
class DocumentControllerTest {

    private static final PortalUser PATIENT = PortalUser.of(7, "ana@example.test", "Ana", Role.PATIENT, true, null);
    private static final PortalUser STAFF = PortalUser.of(8, "sam@example.test", "Sam", Role.STAFF, true, null);
    private static final String STUDY = "1.2.3";
    private static final String BASE = "/patient/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5";
    private static final PatientIdentity IDENTITY = PatientIdentity.of("1001");
    private static final VisibleStudy VISIBLE = new VisibleStudy(
            new Study(
                    STUDY,
                    "1001",
                    null,
                    "Doe^Ana",
                    LocalDate.of(2025, 3, 4),
                    null,
                    "Knee",
                    List.of("DX"),
                    null,
                    null,
                    null,
                    2,
                    3,
                    null,
                    null),
            IDENTITY,
            false);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    StudyAccessPolicy policy;

    @MockitoBean
    PacsGateway pacs;

    @MockitoBean
    ViewAudit audit;

    /** The report page shows the clinic's notice (fragments/notice), looked up through {@code @clinicNotice}. */
    @MockitoBean(name = "clinicNotice")
    ClinicNotice clinicNotice;

    @BeforeEach
    void notice() {
        when(clinicNotice.shown()).thenReturn(ViewerFixtures.notice());
    }

    @Test
    void reportWhenStaffThenForbidden() throws Exception {
        mvc.perform(get(BASE + "/report").with(user(STAFF))).andExpect(status().isForbidden());
        verifyNoInteractions(pacs, audit);
    }

    @Test
    void documentWhenUidMalformedThenBadRequestBeforeAnyCheck() throws Exception {
        mvc.perform(get("/patient/studies/1.2.3/series/1.2.3.4/instances/1..5/pdf")
                        .with(user(PATIENT)))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/patient/studies/x/series/1.2.3.4/instances/1.2.3.4.5/report")
                        .with(user(PATIENT)))
                .andExpect(status().isBadRequest());
        verifyNoInteractions(policy, pacs, audit);
    }

    @Test
    void documentWhenStudyNotTheCallersThenNotFoundAndNothingAsked() throws Exception {
        when(policy.authorize(any(), eq(STUDY))).thenReturn(Optional.empty());
        mvc.perform(get(BASE + "/pdf").with(user(PATIENT))).andExpect(status().isNotFound());
        mvc.perform(get(BASE + "/report").with(user(PATIENT))).andExpect(status().isNotFound());
        verifyNoInteractions(pacs, audit);
    }

    @Test
    void pdfWhenTheObjectIsNoPdfThenNotFoundAndNotAudited() throws Exception {
        when(policy.authorize(any(), eq(STUDY))).thenReturn(Optional.of(VISIBLE));
        when(pacs.pdf(IDENTITY, STUDY, "1.2.3.4", "1.2.3.4.5")).thenThrow(PacsException.notFound("not a PDF"));
        mvc.perform(get(BASE + "/pdf").with(user(PATIENT))).andExpect(status().isNotFound());
        verifyNoInteractions(audit);
    }

    @Test
    void pdfWhenVisibleThenAuditedAndSentAsAnAttachmentWithItsOwnPolicy() throws Exception {
        byte[] pdf = "%PDF-1.4 test".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        when(policy.authorize(any(), eq(STUDY))).thenReturn(Optional.of(VISIBLE));
        when(pacs.pdf(IDENTITY, STUDY, "1.2.3.4", "1.2.3.4.5")).thenReturn(pdf);
        mvc.perform(get(BASE + "/pdf").with(user(PATIENT)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/pdf"))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"document-2025-03-04.pdf\""))
                .andExpect(header().string("Content-Security-Policy", DocumentController.PDF_POLICY))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(content().bytes(pdf));
        verify(audit).documentSeen(any(), eq(VISIBLE), eq("1.2.3.4"), eq("1.2.3.4.5"), any());
    }

    @Test
    void reportWhenVisibleThenItsPageAndAudited() throws Exception {
        when(policy.authorize(any(), eq(STUDY))).thenReturn(Optional.of(VISIBLE));
        when(pacs.report(IDENTITY, STUDY, "1.2.3.4", "1.2.3.4.5"))
                .thenReturn(new StructuredReport(
                        "Radiology report",
                        true,
                        true,
                        List.of(
                                new StructuredReport.Item(1, "CONTAINER", "Findings", null),
                                new StructuredReport.Item(2, "TEXT", "Finding", "<b>No fracture</b>"))));
        mvc.perform(get(BASE + "/report").with(user(PATIENT)))
                .andExpect(status().isOk())
                .andExpect(view().name("viewer/report"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("&lt;b&gt;No fracture&lt;/b&gt;")));
        verify(audit).documentSeen(any(), eq(VISIBLE), anyString(), anyString(), any());
    }

    @Test
    void reportWhenThePacsCannotProvideItThenADocumentPageWithItsOwnWordsAndRecordedAsUnviewable() throws Exception {
        when(policy.authorize(any(), eq(STUDY))).thenReturn(Optional.of(VISIBLE));
        when(pacs.report(IDENTITY, STUDY, "1.2.3.4", "1.2.3.4.5"))
                .thenThrow(new PacsException(PacsException.Kind.OBJECT_UNAVAILABLE, "the PACS answered 500"));
        String page = mvc.perform(get(BASE + "/report").with(user(PATIENT)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(view().name("viewer/document-unavailable"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        org.assertj.core.api.Assertions.assertThat(page)
                .contains("<h1>This document cannot be shown</h1>")
                .contains("<p>The clinic&#39;s image archive cannot provide this report to the portal, and trying"
                        + " again will not change that. Please ask the clinic for a copy of the report.</p>")
                .contains("href=\"/patient/studies/1.2.3#documents\"")
                .doesNotContain("image cannot be shown")
                .doesNotContain("We could not reach the image archive");
        verify(audit).unviewable(any(), eq(VISIBLE), eq("1.2.3.4"), eq("1.2.3.4.5"), any());
        verify(audit, never()).documentSeen(any(), any(), anyString(), anyString(), any());
    }

    @Test
    void pdfWhenThePacsCannotProvideItThenTheDocumentMessageInSpanish() throws Exception {
        when(policy.authorize(any(), eq(STUDY))).thenReturn(Optional.of(VISIBLE));
        when(pacs.pdf(IDENTITY, STUDY, "1.2.3.4", "1.2.3.4.5"))
                .thenThrow(new PacsException(PacsException.Kind.OBJECT_UNAVAILABLE, "the PACS did not send the PDF"));
        String page = mvc.perform(get(BASE + "/pdf").with(user(PATIENT)).header("Accept-Language", "es"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(header().string("Content-Type", "text/html;charset=UTF-8"))
                .andReturn()
                .getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(page)
                .contains("<h1>Este documento no se puede mostrar</h1>")
                .contains("<p>El archivo de imágenes de la clínica no puede proporcionar este documento PDF al"
                        + " portal, y volver a intentarlo no lo cambiará. Pida a la clínica una copia del"
                        + " documento.</p>");
        verify(audit).unviewable(any(), eq(VISIBLE), eq("1.2.3.4"), eq("1.2.3.4.5"), any());
    }

    @Test
    void documentWhenThePacsIsDownThenTheUsualTryAgainPageAndNotRecordedAsUnviewable() throws Exception {
        when(policy.authorize(any(), eq(STUDY))).thenReturn(Optional.of(VISIBLE));
        when(pacs.pdf(IDENTITY, STUDY, "1.2.3.4", "1.2.3.4.5"))
                .thenThrow(new PacsException(PacsException.Kind.UNAVAILABLE, "connection refused"));
        mvc.perform(get(BASE + "/pdf").with(user(PATIENT)))
                .andExpect(status().isServiceUnavailable())
                .andExpect(view().name("error/pacs"));
        verifyNoInteractions(audit);
    }
}
