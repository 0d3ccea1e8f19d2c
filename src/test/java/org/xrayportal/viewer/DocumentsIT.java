package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xrayportal.viewer.DocumentObjects.BASIC_TEXT_SR;
import static org.xrayportal.viewer.DocumentObjects.ENCAPSULATED_PDF;
import static org.xrayportal.viewer.DocumentObjects.code;
import static org.xrayportal.viewer.DocumentObjects.header;
import static org.xrayportal.viewer.DocumentObjects.text;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.access.AccessScope;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.imaging.demo.DicomWriter;
import org.xrayportal.security.PortalUser;
import org.xrayportal.support.OrthancSupport;
import org.xrayportal.support.PortalWithPacsTest;

/**
 * Issue 11, item 8 against the real Orthanc: a basic structured report is shown as text (its title, headings and
 * values, in UTF-8) and an encapsulated PDF is sent as the PDF it holds, byte for byte, with its own restrictive
 * headers; both are linked from the study page, pass the access policy and are audited before they leave.
 */
@PortalWithPacsTest
@AutoConfigureMockMvc
@Import(ViewerFixtures.class)
class DocumentsIT {

    private static final String ISSUER = DemoStudies.MUELLER.issuer();
    /** A small PDF of odd length, so that the DICOM value carries a pad byte the portal must drop. */
    static final byte[] PDF = ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                    + "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
            .getBytes(StandardCharsets.ISO_8859_1);

    @Autowired
    MockMvc mvc;

    @Autowired
    ViewerFixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    String patientId;
    String study;
    String reportSeries;
    String reportUid;
    String pdfSeries;
    String pdfUid;
    String imageSeries;
    String imageUid;
    PortalUser patient;

    @BeforeEach
    void studyWithAReportAndAPdf() throws Exception {
        patientId = "DOCS-" + UUID.randomUUID().toString().substring(0, 8);
        study = SyntheticPacs.uid();
        reportSeries = SyntheticPacs.uid();
        reportUid = SyntheticPacs.uid();
        pdfSeries = SyntheticPacs.uid();
        pdfUid = SyntheticPacs.uid();
        imageSeries = SyntheticPacs.uid();
        imageUid = SyntheticPacs.uid();
        assertThat(PDF.length % 2).isOne();
        try (SyntheticPacs pacs = new SyntheticPacs(OrthancSupport.shared().restUrl())) {
            pacs.store(SyntheticPacs.image(patientId, study, imageSeries, imageUid, 1, 64)
                    .text(0x00100021, "LO", ISSUER)
                    .toPart10(SyntheticPacs.DIGITAL_XRAY, imageUid));
            pacs.store(header(patientId, ISSUER, study, BASIC_TEXT_SR, reportSeries, reportUid, 2, "SR")
                    .text(0x0040A040, "CS", "CONTAINER")
                    .sequence(0x0040A043, code("18748-4", "Diagnostic imaging report"))
                    .text(0x0040A050, "CS", "SEPARATE")
                    .text(0x0040A491, "CS", "COMPLETE")
                    .text(0x0040A493, "CS", "VERIFIED")
                    .sequence(
                            0x0040A730,
                            new DicomWriter()
                                    .text(0x0040A010, "CS", "CONTAINS")
                                    .text(0x0040A040, "CS", "CONTAINER")
                                    .sequence(0x0040A043, code("121070", "Findings"))
                                    .text(0x0040A050, "CS", "SEPARATE")
                                    .sequence(
                                            0x0040A730,
                                            text("121071", "Finding", "Kein Ödem.\nNo fracture of the left knee."),
                                            new DicomWriter()
                                                    .text(0x0040A010, "CS", "CONTAINS")
                                                    .text(0x0040A040, "CS", "NUM")
                                                    .sequence(0x0040A043, code("121206", "Distance"))
                                                    .sequence(
                                                            0x0040A300,
                                                            new DicomWriter()
                                                                    .text(0x0040A30A, "DS", "12.5")
                                                                    .sequence(0x004008EA, code("mm", "millimeter")))),
                            new DicomWriter()
                                    .text(0x0040A010, "CS", "CONTAINS")
                                    .text(0x0040A040, "CS", "CONTAINER")
                                    .sequence(0x0040A043, code("121076", "Conclusions"))
                                    .text(0x0040A050, "CS", "SEPARATE")
                                    .sequence(0x0040A730, text("121077", "Conclusion", "Normal knee.")))
                    .toPart10(BASIC_TEXT_SR, reportUid));
            pacs.store(header(patientId, ISSUER, study, ENCAPSULATED_PDF, pdfSeries, pdfUid, 3, "DOC")
                    .encapsulatedPdf("Referral letter", PDF)
                    .toPart10(ENCAPSULATED_PDF, pdfUid));
        }
        patient =
                fixtures.consentingPatient(new DemoStudies.Patient(patientId, ISSUER, "Synthetic^Patient", null, "O"));
        fixtures.grant(patient, AccessScope.allStudies(), null);
    }

    @Test
    void reportAndPdfWhenStudyOpenedThenListedWithTheirLinks() throws Exception {
        String page = mvc.perform(get("/patient/studies/" + study).with(user(patient)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("Report (series 2)", "PDF document (series 3)")
                .contains("href=\"" + base(reportSeries, reportUid) + "/report\">Read the report</a>")
                .contains("href=\"" + base(pdfSeries, pdfUid) + "/pdf\">Download the PDF</a>");
    }

    @Test
    void reportWhenOpenedThenItsTextUnderItsHeadingsWithTheNoticeAndAudited() throws Exception {
        String page = mvc.perform(get(base(reportSeries, reportUid) + "/report").with(user(patient)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("<h1>Diagnostic imaging report</h1>", "Verified by the clinic.")
                .contains("<h2>Findings</h2>", "<h2>Conclusions</h2>")
                .contains("<strong>Finding:</strong>", "Kein Ödem.\nNo fracture of the left knee.")
                .contains("<strong>Distance:</strong>", "12.5 mm")
                .contains("<strong>Conclusion:</strong>", "Normal knee.")
                .contains("class=\"clinical-notice\"");
        assertThat(page.indexOf("<h2>Findings</h2>"))
                .isLessThan(page.indexOf("Kein Ödem"))
                .isLessThan(page.indexOf("<h2>Conclusions</h2>"));
        assertThat(documentViews(reportUid)).isOne();
    }

    @Test
    void pdfWhenOpenedThenTheDocumentItHoldsAsADownloadWithItsOwnPolicyAndAudited() throws Exception {
        MockHttpServletResponse response = mvc.perform(
                        get(base(pdfSeries, pdfUid) + "/pdf").with(user(patient)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse();
        assertThat(response.getContentType()).isEqualTo("application/pdf");
        assertThat(response.getContentAsByteArray()).isEqualTo(PDF);
        assertThat(response.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"document.pdf\"");
        assertThat(response.getHeader("Content-Security-Policy")).isEqualTo(DocumentController.PDF_POLICY);
        assertThat(response.getHeaders("Content-Security-Policy")).hasSize(1);
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.getHeader("Cache-Control")).contains("no-store");
        assertThat(documentViews(pdfUid)).isOne();
    }

    @Test
    void documentsWhenNotTheCallersOrOfAnotherKindThenNotFound() throws Exception {
        // Another patient of the PACS with access to all of her own studies (approval asks the PACS to confirm her).
        PortalUser stranger = fixtures.consentingPatient(DemoStudies.ODEGARD);
        fixtures.grant(stranger, AccessScope.allStudies(), null);
        mvc.perform(get(base(reportSeries, reportUid) + "/report").with(user(stranger)))
                .andExpect(status().isNotFound());
        mvc.perform(get(base(pdfSeries, pdfUid) + "/pdf").with(user(stranger))).andExpect(status().isNotFound());
        // The right patient, the wrong kind of object: a report is no PDF, an image is no report.
        mvc.perform(get(base(reportSeries, reportUid) + "/pdf").with(user(patient)))
                .andExpect(status().isNotFound());
        mvc.perform(get(base(imageSeries, imageUid) + "/report").with(user(patient)))
                .andExpect(status().isNotFound());
        mvc.perform(get(base(pdfSeries, "1.2.3.x") + "/pdf").with(user(patient)))
                .andExpect(status().isBadRequest());
        assertThat(documentViews(reportUid) + documentViews(pdfUid)).isZero();
    }

    private long documentViews(String instanceUid) {
        return jdbc.sql("""
                        SELECT count(*) FROM audit_event
                        WHERE action = 'VIEW' AND patient_id = ? AND instance_uid = ?
                          AND details::jsonb ->> 'view' = 'document'
                        """).params(patientId, instanceUid).query(Long.class).single();
    }

    private String base(String series, String instance) {
        return "/patient/studies/" + study + "/series/" + series + "/instances/" + instance;
    }
}
