package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.access.StudyAccessPolicy;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.consent.ConsentService;
import org.xrayportal.consultation.ConsultationService;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.Study;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.support.PortalWebMvcTest;

/**
 * The patient's study list through the web layer alone. Its count is the study's NumberOfStudyRelatedInstances from
 * the one QIDO search (no PACS call per study, issue 14): every file the study holds, a report or a PDF included, so
 * the column says "Files", not "Images" (the study page counts images alone and lists the documents beside them).
 */
@PortalWebMvcTest(StudyController.class)
class StudyListControllerTest {

    private static final PortalUser PATIENT = PortalUser.of(7, "ana@example.test", "Ana", Role.PATIENT, true, null);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    StudyAccessPolicy policy;

    @MockitoBean
    ConsentService consents;

    @MockitoBean
    EmptyStudyList emptyList;

    @MockitoBean
    ViewAudit audit;

    @MockitoBean
    ConsultationService consultations;

    @MockitoBean
    ViewerPreferences preferences;

    @MockitoBean
    StudyPageLoader loader;

    @MockitoBean
    FrameCache frames;

    @MockitoBean
    PacsGateway pacs;

    @MockitoBean(name = "clinicNotice")
    ClinicNotice clinicNotice;

    @BeforeEach
    void notice() {
        when(clinicNotice.shown()).thenReturn(ViewerFixtures.notice());
    }

    @Test
    void listWhenAStudyHoldsImagesAReportAndAPdfThenItsCountIsCalledFilesInEnglishAndSpanish() throws Exception {
        // 3 images, a structured report and an encapsulated PDF: 5 instances, as the QIDO answer counts them.
        Study knee = new Study(
                "1.2.3",
                "1001",
                null,
                "Müller^Jürgen",
                LocalDate.of(2024, 11, 5),
                null,
                "Left knee",
                List.of("DX", "SR", "DOC"),
                "KNEE",
                null,
                null,
                3,
                5,
                null,
                LocalDate.of(1958, 3, 14));
        when(policy.studyList(any()))
                .thenReturn(new StudyAccessPolicy.StudyList(
                        List.of(new VisibleStudy(knee, PatientIdentity.of("1001"), true)), 0, false));

        Document english = page(Locale.ENGLISH);
        assertThat(english.select("main table thead th").eachText())
                .containsExactly("Date", "Description", "Modality", "Body part", "Files");
        assertThat(english.select("main table tbody td").eachText())
                .containsExactly("5 Nov 2024", "Left knee", "DX, SR, DOC", "Knee", "5");
        assertThat(page(Locale.forLanguageTag("es"))
                        .select("main table thead th")
                        .eachText())
                .endsWith("Archivos");
        verifyNoInteractions(pacs, loader);
    }

    @Test
    void listWhenShownThenTheMenuMarksStudiesAndNoOtherLinkAsTheCurrentPage() throws Exception {
        Study study = new Study(
                "1.2.3", "1001", null, null, null, null, null, List.of("DX"), null, null, null, 1, 1, null, null);
        when(policy.studyList(any()))
                .thenReturn(new StudyAccessPolicy.StudyList(
                        List.of(new VisibleStudy(study, PatientIdentity.of("1001"), true)), 0, false));

        Document page = page(Locale.ENGLISH);

        assertThat(page.select("nav.site-nav a").eachAttr("href")).hasSize(7).contains("/patient", "/patient/history");
        assertThat(page.select("nav.site-nav a[aria-current]").stream()
                        .map(a -> a.attr("href") + " " + a.attr("aria-current")))
                .containsExactly("/patient/studies page");
    }

    private Document page(Locale locale) throws Exception {
        return Jsoup.parse(
                mvc.perform(get("/patient/studies").with(user(PATIENT)).locale(locale))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString());
    }
}
