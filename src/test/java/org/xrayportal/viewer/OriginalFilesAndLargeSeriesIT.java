package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.support.OrthancSupport;
import org.xrayportal.support.PortalWithPacsTest;

/**
 * Issue 11, items 5 and 6 against the real Orthanc: the ZIP holds the files exactly as the PACS stores them, compressed
 * or not (SHA-256 of each entry against the PACS's stored copy); a 1,000-instance series is complete on the study
 * page, in the viewer and in the ZIP, with every file under its own name.
 */
@PortalWithPacsTest(properties = "portal.download.studies-per-hour=100")
@AutoConfigureMockMvc
@Import(DownloadFixtures.class)
class OriginalFilesAndLargeSeriesIT {

    private static final String ISSUER = DemoStudies.MUELLER.issuer();

    @Autowired
    MockMvc mvc;

    @Autowired
    DownloadFixtures fixtures;

    @ParameterizedTest
    @ValueSource(strings = {"uncompressed", SyntheticPacs.JPEG_BASELINE, SyntheticPacs.JPEG_2000})
    void zipWhenStudyStoredInAnyTransferSyntaxThenEveryFileIsTheStoredOriginal(String syntax) throws Exception {
        String patientId = "ORIG-" + UUID.randomUUID().toString().substring(0, 8);
        String study = SyntheticPacs.uid();
        String series = SyntheticPacs.uid();
        Map<String, byte[]> uploaded = new HashMap<>();
        try (SyntheticPacs pacs = new SyntheticPacs(OrthancSupport.shared().restUrl())) {
            for (int n = 1; n <= 3; n++) {
                String sop = SyntheticPacs.uid();
                byte[] file = syntax.equals("uncompressed")
                        ? SyntheticPacs.image(patientId, study, series, sop, n, 256)
                                .text(0x00100021, "LO", ISSUER)
                                .toPart10(SyntheticPacs.DIGITAL_XRAY, sop)
                        : SyntheticPacs.compressed(
                                syntax,
                                SyntheticPacs.header(patientId, study, series, sop, n, 256)
                                        .text(0x00100021, "LO", ISSUER),
                                SyntheticPacs.DIGITAL_XRAY,
                                sop,
                                SyntheticPacs.pixels(n, 256),
                                256);
                if (!syntax.equals("uncompressed")) {
                    assertThat(new String(
                                    file, 0, Math.min(file.length, 400), java.nio.charset.StandardCharsets.ISO_8859_1))
                            .as("the file really is in " + syntax)
                            .contains(syntax);
                }
                pacs.store(file);
                uploaded.put(String.format(Locale.ROOT, "series-001/image-%04d.dcm", n), file);
            }
        }
        PortalUser patient = fixtures.patientWithGrant(
                new DemoStudies.Patient(patientId, ISSUER, "Synthetic^Patient", null, "O"), true);

        byte[] zip = mvc.perform(
                        get("/patient/studies/" + study + "/download/zip").with(user(patient)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();

        Map<String, byte[]> entries = DownloadIT.unzip(zip);
        entries.remove("README.txt");
        assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(uploaded.keySet());
        // The PACS (with GDCM) also renders them: the images are viewable, not only downloadable.
        String firstSop = sopInstanceUid(uploaded.get("series-001/image-0001.dcm"));
        mvc.perform(get("/patient/studies/" + study + "/series/" + series + "/instances/" + firstSop + "/frames/1")
                        .with(user(patient)))
                .andExpect(status().isOk());
        for (var entry : entries.entrySet()) {
            byte[] original = uploaded.get(entry.getKey());
            String sop = sopInstanceUid(original);
            byte[] stored = OrthancFiles.storedFile(OrthancSupport.shared().restUrl(), sop);
            assertThat(sha256(entry.getValue()))
                    .as("%s (%s) against the PACS's stored copy", entry.getKey(), syntax)
                    .isEqualTo(sha256(stored))
                    .isEqualTo(sha256(original));
        }
    }

    @Test
    void seriesOfAThousandInstancesWhenOpenedAndDownloadedThenComplete() throws Exception {
        int count = 1000;
        String patientId = "LARGE-SERIES-" + UUID.randomUUID().toString().substring(0, 8);
        String study = SyntheticPacs.uid();
        String series = SyntheticPacs.uid();
        String last = null;
        try (SyntheticPacs pacs = new SyntheticPacs(OrthancSupport.shared().restUrl())) {
            for (int n = 1; n <= count; n++) {
                String sop = SyntheticPacs.uid();
                pacs.store(SyntheticPacs.image(patientId, study, series, sop, n, 8)
                        .text(0x00100021, "LO", ISSUER)
                        .toPart10(SyntheticPacs.DIGITAL_XRAY, sop));
                last = sop;
            }
        }
        PortalUser patient = fixtures.patientWithGrant(
                new DemoStudies.Patient(patientId, ISSUER, "Synthetic^Patient", null, "O"), true);

        String page = mvc.perform(get("/patient/studies/" + study).with(user(patient)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Image 1 of 1,000,", "/instances/" + last + "/frames/");
        mvc.perform(get("/patient/studies/" + study + "/series/" + series + "/instances/" + last + "/frames/1")
                        .with(user(patient)))
                .andExpect(status().isOk());

        byte[] zip = mvc.perform(
                        get("/patient/studies/" + study + "/download/zip").with(user(patient)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        Map<String, byte[]> entries = DownloadIT.unzip(zip);
        entries.remove("README.txt");
        assertThat(entries).hasSize(count);
        for (int n = 1; n <= count; n++) {
            assertThat(entries).containsKey(String.format(Locale.ROOT, "series-001/image-%04d.dcm", n));
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The SOP Instance UID from a Part-10 file's meta header (0002,0003), as written by DicomWriter or Orthanc. */
    private static String sopInstanceUid(byte[] file) throws java.io.IOException {
        var header = DicomPart10Header.read(new java.io.ByteArrayInputStream(file));
        return header.sopInstanceUid();
    }
}
