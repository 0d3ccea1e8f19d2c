package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.access.AccessScope;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.OrthancSupport;
import org.xrayportal.support.PortalWithPacsTest;

/**
 * Issue 11, items 3 and 7 against the real Orthanc: names and descriptions written by pydicom in ISO_IR 100, ISO_IR 192,
 * ISO 2022 IR 87 and GB18030 appear as written on the patient's and the staff's pages; study dates recorded as a year,
 * a year and month, the old {@code YYYY.MM.DD} form or not at all are shown as such, never as an empty separator.
 */
@PortalWithPacsTest
@AutoConfigureMockMvc
@Import(ViewerFixtures.class)
class StudyTextIT {

    private static final String ISSUER = DemoStudies.MUELLER.issuer();

    @Autowired
    MockMvc mvc;

    @Autowired
    ViewerFixtures fixtures;

    /** One line of charset_studies.py's output. */
    record Written(String charset, Path file, String studyUid, String name, String study, String series) {}

    @Test
    void textInFourCharacterSetsWhenShownToPatientAndStaffThenAsWritten() throws Exception {
        String patientId = "CHARSET-" + UUID.randomUUID().toString().substring(0, 8);
        List<Written> written = writeWithPydicom(patientId);
        try (SyntheticPacs pacs = new SyntheticPacs(OrthancSupport.shared().restUrl())) {
            for (Written w : written) {
                pacs.store(Files.readAllBytes(w.file()));
            }
        }
        PortalUser patient = patient(patientId);

        String list = page(patient, "/patient/studies");
        for (Written w : written) {
            assertThat(list).as(w.charset()).contains(w.study());
            assertThat(page(patient, "/patient/studies/" + w.studyUid()))
                    .as(w.charset())
                    .contains(w.study(), w.series());
        }
        String staffPage = page(
                fixtures.user(Role.STAFF),
                "/staff/pacs?patientId=" + patientId + "&issuer=" + ISSUER.replace(" ", "+"));
        for (Written w : written) {
            String alphabeticOrFirst = w.name().split("=")[0];
            assertThat(staffPage).as(w.charset()).contains(alphabeticOrFirst, w.study());
        }
    }

    @Test
    void studyDatesPartialOldOrMissingWhenListedThenShownAsRecorded() throws Exception {
        String patientId = "DATES-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> studies = new ArrayList<>();
        try (SyntheticPacs pacs = new SyntheticPacs(OrthancSupport.shared().restUrl())) {
            for (String date : List.of("2019", "201903", "1997.04.24", "")) {
                String study = SyntheticPacs.uid();
                String sop = SyntheticPacs.uid();
                pacs.store(SyntheticPacs.image(patientId, study, SyntheticPacs.uid(), sop, 1, 8)
                        .text(0x00100021, "LO", ISSUER)
                        .text(0x00080020, "DA", date)
                        .text(0x00081030, "LO", date.isEmpty() ? "" : "Dated " + date)
                        .toPart10(SyntheticPacs.DIGITAL_XRAY, sop));
                studies.add(study);
            }
        }
        PortalUser patient = patient(patientId);

        String list = page(patient, "/patient/studies");
        assertThat(list)
                .contains(
                        "<td role=\"cell\" data-label=\"Date\">2019</td>",
                        "<td role=\"cell\" data-label=\"Date\">Mar 2019</td>",
                        "<td role=\"cell\" data-label=\"Date\">24 Apr 1997</td>",
                        "<td role=\"cell\" data-label=\"Date\">date not recorded</td>");
        assertThat(page(patient, "/patient/studies/" + studies.get(1)))
                .contains("Mar 2019, DX, body part not recorded");
        String undated = page(patient, "/patient/studies/" + studies.get(3));
        assertThat(undated)
                .contains("(no description)", "date not recorded, DX, body part not recorded, 1 image")
                .doesNotContain(">, ", "\n    , ");
    }

    /**
     * Orthanc takes a study's attributes from the instance it received last; a series stored last without Body Part
     * Examined (as a report or PDF has none) leaves the study without one, and the study page names its image series'
     * body parts instead.
     */
    @Test
    void studyWhenTheStudyHasNoBodyPartButItsImageSeriesDoThenThePageNamesThoseOfTheSeries() throws Exception {
        String patientId = "PARTS-" + UUID.randomUUID().toString().substring(0, 8);
        String study = SyntheticPacs.uid();
        try (SyntheticPacs pacs = new SyntheticPacs(OrthancSupport.shared().restUrl())) {
            int number = 1;
            for (String bodyPart : List.of("KNEE", "HAND", "")) {
                String sop = SyntheticPacs.uid();
                pacs.store(SyntheticPacs.image(patientId, study, SyntheticPacs.uid(), sop, number, 8)
                        .text(0x00100021, "LO", ISSUER)
                        .text(0x00200011, "IS", Integer.toString(number++))
                        .text(0x00180015, "CS", bodyPart)
                        .toPart10(SyntheticPacs.DIGITAL_XRAY, sop));
            }
        }
        PortalUser patient = patient(patientId);

        assertThat(page(patient, "/patient/studies"))
                .as("the list shows the study's own attribute, which the last instance left empty")
                .contains("<td role=\"cell\" data-label=\"Body part\">-</td>");
        assertThat(page(patient, "/patient/studies/" + study)).contains("1 Jan 2025, DX, Knee, Hand, 3 images");
    }

    private PortalUser patient(String patientId) {
        PortalUser patient =
                fixtures.consentingPatient(new DemoStudies.Patient(patientId, ISSUER, "Synthetic^Patient", null, "O"));
        fixtures.grant(patient, AccessScope.allStudies(), null);
        return patient;
    }

    private String page(PortalUser who, String path) throws Exception {
        return mvc.perform(get(path).with(user(who)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    /** Runs src/test/python/charset_studies.py with Debian's python3 (python3-pydicom). */
    private static List<Written> writeWithPydicom(String patientId) throws IOException, InterruptedException {
        Path out = Files.createDirectories(Path.of("target", "charset-studies", patientId));
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process process = new ProcessBuilder(
                        python, "src/test/python/charset_studies.py", out.toString(), patientId, ISSUER)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("charset_studies.py (needs python3-pydicom)")
                .isZero();
        List<Written> written = new ArrayList<>();
        for (String line : output.strip().split("\n")) {
            String[] f = line.split("\t");
            written.add(new Written(f[0], Path.of(f[1]), f[2], f[3], f[4], f[5]));
        }
        assertThat(written).hasSize(4);
        return written;
    }
}
