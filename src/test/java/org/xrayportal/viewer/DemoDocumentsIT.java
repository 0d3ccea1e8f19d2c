package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.access.AccessScope;
import org.xrayportal.imaging.demo.DemoDocuments;
import org.xrayportal.imaging.demo.DemoSeeder;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.imaging.demo.LocalOrthanc;
import org.xrayportal.security.PortalUser;
import org.xrayportal.support.OrthancSupport;
import org.xrayportal.support.PortalWithPacsTest;

/**
 * The demo's report and PDF ({@link DemoDocuments}): built as the demo seeds them, they open as a report page and a
 * PDF download for the patient (here in a test study of their own, so the shared PACS's demo studies stay as tests
 * expect); and the demo's seeding stores them once in Jürgen Müller's knee study.
 */
@PortalWithPacsTest
@AutoConfigureMockMvc
@Import(ViewerFixtures.class)
class DemoDocumentsIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    ViewerFixtures fixtures;

    @Test
    void demoReportAndPdfWhenStoredThenTheStudyLinksThemTheReportReadsAsTextAndThePdfDownloads() throws Exception {
        String key = "demo-docs-" + UUID.randomUUID();
        var patient = new DemoStudies.Patient(
                "DEMO-" + key.substring(10, 18), DemoStudies.ISSUER_A, "Synthetic^Patient", null, "O");
        String study = SyntheticPacs.uid();
        try (SyntheticPacs pacs = new SyntheticPacs(OrthancSupport.shared().restUrl())) {
            for (byte[] file : DemoDocuments.objects(patient, study, LocalDate.of(2024, 11, 5), "ACC-DEMO", key)) {
                pacs.store(file);
            }
        }
        PortalUser user = fixtures.consentingPatient(patient);
        fixtures.grant(user, AccessScope.allStudies(), null);
        DemoDocuments.Placed at = DemoDocuments.place(study, key);
        String base = "/patient/studies/" + study + "/series/";
        String report = base + at.reportSeries() + "/instances/" + at.reportUid() + "/report";
        String pdf = base + at.pdfSeries() + "/instances/" + at.pdfUid() + "/pdf";

        Document studyPage = page("/patient/studies/" + study, user);
        assertThat(studyPage.select("a[href=" + report + "]").text()).isEqualTo("Read the report");
        assertThat(studyPage.select("a[href=" + pdf + "]").text()).isEqualTo("Download the PDF");

        Document reportPage = page(report, user);
        assertThat(reportPage.selectFirst("h1").text()).isEqualTo("Radiology report");
        assertThat(reportPage.select("main").text())
                .contains("Finding: " + DemoDocuments.FINDINGS)
                .contains("Impression: " + DemoDocuments.IMPRESSION)
                .contains("Comment: " + DemoDocuments.NOTE)
                .contains("Verified by the clinic.");

        byte[] letter = mvc.perform(get(pdf).with(user(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(letter).isEqualTo(DemoDocuments.letterPdf());
        String text = new String(letter, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("%PDF-1.4\n").endsWith("%%EOF\n").contains("(Referral letter) Tj");
        // the cross-reference table points at each object exactly
        int xref = Integer.parseInt(text.substring(text.indexOf("startxref\n") + 10, text.indexOf("\n%%EOF")));
        assertThat(text.substring(xref)).startsWith("xref\n0 6\n");
        assertThat(text.substring(Integer.parseInt(text.substring(xref + 29, xref + 39))))
                .startsWith("1 0 obj");
    }

    @Test
    void demoSeedingWhenRunTwiceThenTheReportAndPdfAreStoredOnceInMuellersKneeStudy() throws Exception {
        try (LocalOrthanc orthanc = LocalOrthanc.startTemporary()) {
            DemoSeeder seeder = new DemoSeeder(orthanc.dicomWebUrl());
            assertThat(seeder.seedDocuments()).isTrue();
            assertThat(seeder.seedDocuments())
                    .as("idempotent, like the studies")
                    .isFalse();

            DemoDocuments.Placed at = DemoDocuments.demoPlace();
            assertThat(at.studyUid())
                    .isEqualTo(DemoStudies.byKey("mueller-knee-2024").studyInstanceUid());
            try (HttpClient http = HttpClient.newHttpClient()) {
                String instances = http.send(
                                HttpRequest.newBuilder(URI.create(
                                                orthanc.dicomWebUrl() + "/studies/" + at.studyUid() + "/instances"))
                                        .header("Accept", "application/dicom+json")
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                assertThat(instances).contains(at.reportUid(), at.pdfUid(), DemoStudies.MUELLER.patientId());
                assertThat(instances.split("\"00080018\"")).hasSize(3);
                // The documents carry the study's description: Orthanc takes a study's attributes from the instance
                // it received last, and the knee study read "(no description)" in the demo before.
                String studies = http.send(
                                HttpRequest.newBuilder(URI.create(orthanc.dicomWebUrl() + "/studies?StudyInstanceUID="
                                                + at.studyUid() + "&includefield=00081030"))
                                        .header("Accept", "application/dicom+json")
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                assertThat(tools.jackson.databind.json.JsonMapper.builder()
                                .build()
                                .readTree(studies)
                                .path(0)
                                .path("00081030")
                                .path("Value")
                                .path(0)
                                .asString())
                        .isEqualTo(DemoStudies.byKey("mueller-knee-2024").description());
            }
        }
    }

    private Document page(String path, PortalUser user) throws Exception {
        return Jsoup.parse(mvc.perform(get(path).with(user(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    }
}
