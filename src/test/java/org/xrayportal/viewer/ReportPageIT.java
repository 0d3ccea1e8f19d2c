package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;
import static org.xrayportal.viewer.DocumentObjects.BASIC_TEXT_SR;
import static org.xrayportal.viewer.DocumentObjects.ENCAPSULATED_PDF;
import static org.xrayportal.viewer.DocumentObjects.code;
import static org.xrayportal.viewer.DocumentObjects.header;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.xrayportal.access.AccessScope;
import org.xrayportal.consent.ClinicText;
import org.xrayportal.consent.ClinicTextService;
import org.xrayportal.consent.ConsentDocument;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.imaging.demo.DicomWriter;
import org.xrayportal.security.PortalUser;
import org.xrayportal.support.Browser;
import org.xrayportal.support.BrowserExtension;
import org.xrayportal.support.OrthancSupport;
import org.xrayportal.support.PortalWithPacsTest;

/**
 * Issue 11, item 8 in a real Chromium against the real Orthanc: the study page links its report and PDF; the report
 * page has the report's own title as its heading, the clinical notice and a "Back to the study" link reached by
 * keyboard, in English and Spanish, at phone and desktop size, with no axe-core violation; a PDF the PACS cannot
 * provide gets the page worded for a document.
 */
@PortalWithPacsTest(webEnvironment = RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
@Import(ViewerFixtures.class)
class ReportPageIT {

    private static final String ISSUER = DemoStudies.MUELLER.issuer();
    private static final Properties EN = load("src/main/resources/messages.properties");
    private static final Properties ES = load("src/main/resources/messages_es.properties");

    @Autowired
    ViewerFixtures fixtures;

    @Autowired
    ClinicTextService clinicTexts;

    String patientId;
    String study;
    String reportSeries;
    String reportUid;
    String pdfSeries;
    String pdfUid;
    String brokenSeries;
    String brokenUid;
    PortalUser patient;

    @BeforeEach
    void studyWithAReportAPdfAndABrokenPdf() throws Exception {
        patientId = "RPT-" + UUID.randomUUID().toString().substring(0, 8);
        study = SyntheticPacs.uid();
        reportSeries = SyntheticPacs.uid();
        reportUid = SyntheticPacs.uid();
        pdfSeries = SyntheticPacs.uid();
        pdfUid = SyntheticPacs.uid();
        brokenSeries = SyntheticPacs.uid();
        brokenUid = SyntheticPacs.uid();
        String imageSeries = SyntheticPacs.uid();
        String imageUid = SyntheticPacs.uid();
        try (SyntheticPacs pacs = new SyntheticPacs(OrthancSupport.shared().restUrl())) {
            pacs.store(SyntheticPacs.image(patientId, study, imageSeries, imageUid, 1, 64)
                    .text(0x00100021, "LO", ISSUER)
                    .toPart10(SyntheticPacs.DIGITAL_XRAY, imageUid));
            pacs.store(header(patientId, ISSUER, study, BASIC_TEXT_SR, reportSeries, reportUid, 2, "SR")
                    .text(0x0040A040, "CS", "CONTAINER")
                    .sequence(0x0040A043, code("18748-4", "Informe de radiología"))
                    .text(0x0040A050, "CS", "SEPARATE")
                    .text(0x0040A491, "CS", "COMPLETE")
                    .text(0x0040A493, "CS", "VERIFIED")
                    .sequence(
                            0x0040A730,
                            new DicomWriter()
                                    .text(0x0040A010, "CS", "CONTAINS")
                                    .text(0x0040A040, "CS", "TEXT")
                                    .sequence(0x0040A043, code("121071", "Hallazgo"))
                                    .text(0x0040A160, "UT", "Sin fractura de la rodilla izquierda."))
                    .toPart10(BASIC_TEXT_SR, reportUid));
            pacs.store(pdf(pdfSeries, pdfUid, 3, DocumentsIT.PDF));
            // An encapsulated document that holds no PDF: the portal cannot send it as one.
            pacs.store(pdf(brokenSeries, brokenUid, 4, "not a PDF at all".getBytes(StandardCharsets.ISO_8859_1)));
        }
        patient =
                fixtures.consentingPatient(new DemoStudies.Patient(patientId, ISSUER, "Synthetic^Patient", null, "O"));
        fixtures.grant(patient, AccessScope.allStudies(), null);
    }

    @Test
    void reportPageWhenOpenedInEnglishAndSpanishAtBothSizesThenHeadingNoticeAndKeyboardWayBack(Browser browser) {
        browser.open("/login").signIn(patient.email(), ViewerFixtures.PASSWORD).waitForPath("/patient");

        // The study page lists both documents with their links.
        browser.open("/patient/studies/" + study);
        assertThat(browser.text("#documents-title")).isEqualTo(EN.getProperty("study.documents.heading"));
        assertThat(browser.text("a[href='" + base(reportSeries, reportUid) + "/report']"))
                .isEqualTo(EN.getProperty("study.document.open"));
        assertThat(browser.text("a[href='" + base(pdfSeries, pdfUid) + "/pdf']"))
                .isEqualTo(EN.getProperty("study.document.download"));
        browser.assertAccessible();

        browser.find("a[href='" + base(reportSeries, reportUid) + "/report']").click();
        browser.waitForPath(base(reportSeries, reportUid) + "/report");
        assertReportPage(browser, EN, "en");
        browser.checkBothSizes("report-en");
        browser.phone();
        browser.driver().navigate().refresh();
        assertReportPage(browser, EN, "en");
        backToTheStudyByKeyboard(browser, EN);
        browser.desktop();

        // The same in Spanish: the study page's links, then the report page at both sizes.
        browser.open("/patient/studies/" + study + "?lang=es");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("es");
        assertThat(browser.text("#documents-title")).isEqualTo(ES.getProperty("study.documents.heading"));
        assertThat(browser.text("a[href='" + base(reportSeries, reportUid) + "/report']"))
                .isEqualTo(ES.getProperty("study.document.open"));
        assertThat(browser.text("a[href='" + base(pdfSeries, pdfUid) + "/pdf']"))
                .isEqualTo(ES.getProperty("study.document.download"));
        browser.open(base(reportSeries, reportUid) + "/report");
        assertReportPage(browser, ES, "es");
        browser.checkBothSizes("report-es");
        browser.phone();
        browser.driver().navigate().refresh();
        assertReportPage(browser, ES, "es");
        backToTheStudyByKeyboard(browser, ES);
        browser.desktop();
    }

    @Test
    void pdfWhenThePacsCannotProvideItThenThePageSaysSoForADocumentWithAWayBack(Browser browser) {
        browser.open("/login").signIn(patient.email(), ViewerFixtures.PASSWORD).waitForPath("/patient");
        browser.open(base(brokenSeries, brokenUid) + "/pdf");
        assertThat(browser.text("h1")).isEqualTo(EN.getProperty("document.unavailable.heading"));
        assertThat(browser.text("main p")).isEqualTo(EN.getProperty("document.unavailable.PDF"));
        assertThat(browser.driver().getPageSource()).doesNotContain("cannot be shown in the browser");
        assertThat(browser.text("a[href='/patient/studies/" + study + "#documents']"))
                .isEqualTo(EN.getProperty("report.back"));
        browser.checkBothSizes("document-unavailable-en");

        browser.open(base(brokenSeries, brokenUid) + "/pdf?lang=es");
        assertThat(browser.text("h1")).isEqualTo(ES.getProperty("document.unavailable.heading"));
        assertThat(browser.text("main p")).isEqualTo(ES.getProperty("document.unavailable.PDF"));
        browser.checkBothSizes("document-unavailable-es");
    }

    private void assertReportPage(Browser browser, Properties messages, String language) {
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo(language);
        assertThat(browser.text("h1")).isEqualTo("Informe de radiología");
        // The clinic's published notice in the page's language (issue 16), not a bundle text.
        ClinicText notice = clinicTexts.current(ClinicText.Kind.NOTICE, Locale.forLanguageTag(language));
        assertThat(browser.find(".clinical-notice").getAttribute("lang")).isEqualTo(language);
        assertThat(browser.text(".clinical-notice h2")).isEqualTo(notice.title());
        assertThat(browser.text(".clinical-notice"))
                .contains(notice.blocks().stream()
                        .filter(block -> block.kind() == ConsentDocument.Block.Kind.PARAGRAPH)
                        .findFirst()
                        .orElseThrow()
                        .text());
        assertThat(browser.text("main .hint")).isEqualTo(messages.getProperty("report.verified"));
        assertThat(browser.text(".report-item strong")).isEqualTo("Hallazgo:");
        assertThat(browser.text(".report-item span")).isEqualTo("Sin fractura de la rodilla izquierda.");
    }

    /** From the top of the page, Tab reaches "Back to the study" with a visible focus ring; Enter follows it. */
    private void backToTheStudyByKeyboard(Browser browser, Properties messages) {
        String back = "a[href='/patient/studies/" + study + "#documents']";
        assertThat(browser.text(back)).isEqualTo(messages.getProperty("report.back"));
        browser.driver()
                .executeScript("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
        for (int i = 0; i < 40 && !focused(browser, back); i++) {
            browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertThat(focused(browser, back)).as("Tab reaches " + back).isTrue();
        assertThat(browser.focusRingWidth()).isPositive();
        browser.focused().sendKeys(Keys.ENTER);
        browser.waitForPath("/patient/studies/" + study + "#documents");
        assertThat(browser.text("#documents-title")).isEqualTo(messages.getProperty("study.documents.heading"));
    }

    private static boolean focused(Browser browser, String selector) {
        return (Boolean)
                browser.driver().executeScript("return document.activeElement.matches(arguments[0])", selector);
    }

    private String base(String series, String instance) {
        return "/patient/studies/" + study + "/series/" + series + "/instances/" + instance;
    }

    private byte[] pdf(String series, String sop, int number, byte[] content) {
        return header(patientId, ISSUER, study, ENCAPSULATED_PDF, series, sop, number, "DOC")
                .encapsulatedPdf("Referral letter", content)
                .toPart10(ENCAPSULATED_PDF, sop);
    }

    private static Properties load(String file) {
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
