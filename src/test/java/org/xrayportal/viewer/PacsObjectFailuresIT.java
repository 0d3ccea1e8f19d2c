package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.access.AccessScope;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.imaging.demo.DicomWriter;
import org.xrayportal.security.PortalUser;
import org.xrayportal.support.OrthancSupport;
import org.xrayportal.support.PortalWithPacsTest;

/**
 * Issue 11, items 4 and 8 against the real Orthanc: an image the PACS cannot decode is that image's failure (a
 * placeholder thumbnail, a permanent 422 "cannot be shown in the browser", an audit entry naming it), and twenty failed
 * requests for it leave every other image and page working; a report, a PDF, a presentation state and a header-only
 * object are listed as documents, never as images.
 */
@PortalWithPacsTest
@AutoConfigureMockMvc
@Import(ViewerFixtures.class)
class PacsObjectFailuresIT {

    private static final String ISSUER = DemoStudies.MUELLER.issuer();

    @Autowired
    MockMvc mvc;

    @Autowired
    ViewerFixtures fixtures;

    @Autowired
    JdbcClient jdbc;

    @Test
    void imageThePacsCannotDecodeWhenRequestedRepeatedlyThenItsOwnPermanentFailureAndNothingElseBreaks()
            throws Exception {
        String patientId = "BROKEN-" + UUID.randomUUID().toString().substring(0, 8);
        String study = SyntheticPacs.uid();
        String goodSeries = SyntheticPacs.uid();
        String badSeries = SyntheticPacs.uid();
        String good = SyntheticPacs.uid();
        String bad;
        try (SyntheticPacs pacs = new SyntheticPacs(OrthancSupport.shared().restUrl())) {
            pacs.store(image(patientId, study, goodSeries, good, 1).toPart10(SyntheticPacs.DIGITAL_XRAY, good));
            bad = SyntheticPacs.uid();
            // Declared JPEG 2000, but the codestream is noise: no decoder can read it.
            byte[] j2k = Encapsulated.part10(
                    SyntheticPacs.header(patientId, study, badSeries, bad, 2, 128)
                            .text(0x00100021, "LO", ISSUER),
                    SyntheticPacs.DIGITAL_XRAY,
                    bad,
                    SyntheticPacs.JPEG_2000,
                    new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
            pacs.store(j2k);
        }
        PortalUser patient = patient(patientId);
        String badFrame = "/patient/studies/" + study + "/series/" + badSeries + "/instances/" + bad + "/frames/1";
        String goodFrame = "/patient/studies/" + study + "/series/" + goodSeries + "/instances/" + good + "/frames/1";

        // One visit (the cookies of the study page: the session's and the visit's): the failure is recorded once, not
        // per request.
        Cookie[] visit = mvc
                .perform(get("/patient/studies/" + study).with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("id=\"viewer-unviewable\"")))
                .andReturn()
                .getResponse()
                .getHeaders("Set-Cookie")
                .stream()
                .map(header -> header.split(";", 2)[0])
                .map(pair -> new Cookie(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1)))
                .toArray(Cookie[]::new);
        assertThat(visit).extracting(Cookie::getName).hasSize(2).contains(ViewAudit.VISIT_COOKIE);
        mvc.perform(get("/patient/studies/" + study + "/series/" + badSeries + "/thumbnail")
                        .with(user(patient)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/png"))
                .andExpect(content().bytes(UnviewablePlaceholder.png()));
        for (int i = 0; i < 20; i++) {
            mvc.perform(get(badFrame).with(user(patient)).cookie(visit))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(content().string(Matchers.containsString("trying again will not change that")))
                    .andExpect(content().string(Matchers.not(Matchers.containsString("try again"))));
        }

        mvc.perform(get(goodFrame).with(user(patient))).andExpect(status().isOk());
        mvc.perform(get("/patient/studies").with(user(patient))).andExpect(status().isOk());
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM audit_event
                        WHERE action = 'VIEW' AND outcome = 4 AND patient_id = ? AND instance_uid = ?
                          AND details::jsonb ->> 'view' = 'unviewable'
                        """).params(patientId, bad).query(Long.class).single())
                .as("one entry per visit for the object patients cannot view")
                .isEqualTo(1);
    }

    @Test
    void reportPdfPresentationStateAndHeaderOnlyObjectWhenStudyOpenedThenListedAsDocumentsNotImages() throws Exception {
        String patientId = "DOCS-" + UUID.randomUUID().toString().substring(0, 8);
        String study = SyntheticPacs.uid();
        String imageUid = SyntheticPacs.uid();
        try (SyntheticPacs pacs = new SyntheticPacs(OrthancSupport.shared().restUrl())) {
            pacs.store(image(patientId, study, SyntheticPacs.uid(), imageUid, 1)
                    .toPart10(SyntheticPacs.DIGITAL_XRAY, imageUid));
            int series = 2;
            for (String sopClass : new String[] {
                "1.2.840.10008.5.1.4.1.1.88.11", // Basic Text SR
                "1.2.840.10008.5.1.4.1.1.104.1", // Encapsulated PDF
                "1.2.840.10008.5.1.4.1.1.11.1", // Grayscale Softcopy Presentation State
                SyntheticPacs.DIGITAL_XRAY // an image object without pixel data: header only
            }) {
                String sop = SyntheticPacs.uid();
                pacs.store(new DicomWriter()
                        .text(0x00080016, "UI", sopClass)
                        .text(0x00080018, "UI", sop)
                        .text(0x00080020, "DA", "20250101")
                        .text(
                                0x00080060,
                                "CS",
                                sopClass.contains("88.") ? "SR" : sopClass.contains("11.") ? "PR" : "OT")
                        .text(0x00100020, "LO", patientId)
                        .text(0x00100021, "LO", ISSUER)
                        .text(0x0020000D, "UI", study)
                        .text(0x0020000E, "UI", SyntheticPacs.uid())
                        .text(0x00200011, "IS", Integer.toString(series++))
                        .text(0x00200013, "IS", "1")
                        .toPart10(sopClass, sop));
            }
        }
        PortalUser patient = patient(patientId);

        String page = mvc.perform(get("/patient/studies/" + study).with(user(patient)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page)
                .contains(", 1 image</p>", "Image 1 of 1,")
                .contains(
                        "Report (series 2)",
                        "PDF document (series 3)",
                        "Display settings for the images (series 4)",
                        "Other document without an image (series 5)");
        assertThat(page.split("class=\"series-link\"", -1))
                .as("one thumbnail, for the image")
                .hasSize(2);
    }

    private PortalUser patient(String patientId) {
        PortalUser patient =
                fixtures.consentingPatient(new DemoStudies.Patient(patientId, ISSUER, "Synthetic^Patient", null, "O"));
        fixtures.grant(patient, AccessScope.allStudies(), null);
        return patient;
    }

    private static DicomWriter image(String patientId, String study, String series, String sop, int number) {
        return SyntheticPacs.image(patientId, study, series, sop, number, 128).text(0x00100021, "LO", ISSUER);
    }
}
