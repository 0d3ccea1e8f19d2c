package org.xrayportal.viewer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xrayportal.support.Actors.actor;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.UrlPathPattern;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.access.StudyAccessPolicy;
import org.xrayportal.access.StudyAccessPolicy.VisibleStudy;
import org.xrayportal.imaging.PacsGateway;
import org.xrayportal.imaging.TestGateways;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.support.OrthancSupport;
import org.xrayportal.support.PortalIntegrationTest;

/**
 * Capacity and graceful degradation (issue 13) through the whole portal, with a fault proxy (WireMock) in front of the
 * real, seeded Orthanc: everything is proxied to Orthanc except the faults a test stubs.
 */
// The frame cache is off: every frame request must reach the (faulty) PACS, and a study page of another test renders
// its first frame into the cache ahead (issue 14), which would answer this class's broken frame from memory.
@PortalIntegrationTest(
        properties = {
            "portal.download.studies-per-hour=3",
            "portal.viewer.page-deadline=3s",
            "portal.viewer.frame-cache-size=0"
        })
@AutoConfigureMockMvc
@Import(DownloadFixtures.class)
class CapacityIT {

    private static final DemoStudies.Study KNEE = DemoStudies.byKey("mueller-knee-2024");
    private static final String KNEE_UID = KNEE.studyInstanceUid();
    private static final DemoStudies.Series FIRST = KNEE.series().get(0);
    private static final DemoStudies.Series SECOND = KNEE.series().get(1);

    static final WireMockServer PROXY = new WireMockServer(wireMockConfig().dynamicPort());

    @DynamicPropertySource
    static void pacsBehindTheFaultProxy(DynamicPropertyRegistry registry) {
        if (!PROXY.isRunning()) {
            PROXY.start();
        }
        proxyEverything();
        registry.add("portal.pacs.base-url", () -> PROXY.baseUrl() + "/dicom-web");
    }

    private static void proxyEverything() {
        PROXY.resetAll();
        PROXY.stubFor(any(anyUrl())
                .atPriority(10)
                .willReturn(aResponse()
                        .proxiedFrom(OrthancSupport.shared().restUrl().toString())));
    }

    @AfterEach
    void removeFaults() {
        proxyEverything();
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @AfterAll
    static void stopProxy() {
        PROXY.stop();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    DownloadFixtures fixtures;

    @Autowired
    DownloadAudit downloads;

    @Autowired
    StudyAccessPolicy policy;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PacsGateway gateway;

    // ---- per-class breakers through the web layer

    @Test
    void framesWhenPacsAnswers500ForOneImageThenNoBreakerOpensAndOtherImagesAndTheListStillWork() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, false);
        String broken = framePath(FIRST);
        PROXY.stubFor(any(pacsFrame(FIRST))
                .atPriority(1)
                .willReturn(aResponse().withStatus(500).withBody("cannot decode")));

        for (int i = 0; i < 15; i++) {
            // That image's own, permanent failure (issue 11): 422 "cannot be shown in the browser", not an outage.
            mvc.perform(get(broken).with(user(patient))).andExpect(status().isUnprocessableContent());
        }

        // Every request reached the PACS once: not retried, and never cut short by an open breaker.
        assertThat(PROXY.countRequestsMatching(
                                WireMock.anyRequestedFor(pacsFrame(FIRST)).build())
                        .getCount())
                .isEqualTo(15);
        assertThat(state("pacs-render")).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(state("pacs-search")).isEqualTo(CircuitBreaker.State.CLOSED);
        mvc.perform(get(framePath(SECOND)).with(user(patient))).andExpect(status().isOk());
        mvc.perform(get("/patient/studies").with(user(patient))).andExpect(status().isOk());
    }

    @Test
    void framesWhenPacsAnswersBadGatewayThenRenderBreakerOpensButStudyListAndPageStillWork() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, false);
        PROXY.stubFor(any(pacsFrame(FIRST)).atPriority(1).willReturn(aResponse().withStatus(502)));

        for (int i = 0; i < 12; i++) {
            mvc.perform(get(framePath(FIRST)).with(user(patient))).andExpect(status().isServiceUnavailable());
        }

        assertThat(state("pacs-render")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(state("pacs-search")).isEqualTo(CircuitBreaker.State.CLOSED);
        String list = mvc.perform(get("/patient/studies").with(user(patient)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(list).contains(KNEE_UID);
        mvc.perform(get("/patient/studies/" + KNEE_UID).with(user(patient))).andExpect(status().isOk());
    }

    // ---- page deadline

    @Test
    void studyPageWhenTheStudysContentsAreSlowerThanTheDeadlineThenACalmMessageAndNoImages() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, false);
        TestGateways.studySearchCacheExpired(gateway);
        PROXY.stubFor(any(urlPathEqualTo("/dicom-web/studies/" + KNEE_UID + "/instances"))
                .atPriority(1)
                .willReturn(aResponse()
                        .proxiedFrom(OrthancSupport.shared().restUrl().toString())
                        .withFixedDelay(12_000)));

        String page = mvc.perform(get("/patient/studies/" + KNEE_UID).with(user(patient)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page).contains("took too long to load");
        for (DemoStudies.Series series : KNEE.series()) {
            assertThat(page).doesNotContain(ViewerWebIT.thumbnail(KNEE_UID, KNEE.seriesInstanceUid(series)));
        }
    }

    /** A PACS without study-level instance search (it answers 400): series by series, each within the deadline. */
    @Test
    void studyPageWhenOneSeriesIsSlowerThanTheDeadlineThenShowsTheOthersWithACalmMessage() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, false);
        TestGateways.studySearchCacheExpired(gateway);
        PROXY.stubFor(any(urlPathEqualTo("/dicom-web/studies/" + KNEE_UID + "/instances"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(400)));
        String slowSeries = KNEE.seriesInstanceUid(SECOND);
        PROXY.stubFor(any(urlPathEqualTo("/dicom-web/studies/" + KNEE_UID + "/series/" + slowSeries + "/instances"))
                .atPriority(1)
                .willReturn(aResponse()
                        .proxiedFrom(OrthancSupport.shared().restUrl().toString())
                        .withFixedDelay(12_000)));

        String page = mvc.perform(get("/patient/studies/" + KNEE_UID).with(user(patient)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(page)
                .contains("took too long to load")
                .contains(ViewerWebIT.thumbnail(KNEE_UID, KNEE.seriesInstanceUid(FIRST)))
                .doesNotContain(ViewerWebIT.thumbnail(KNEE_UID, slowSeries));
    }

    @Test
    void studyPageWhenPacsAnswersInTimeThenNoIncompleteMessage() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, false);
        String page = mvc.perform(get("/patient/studies/" + KNEE_UID).with(user(patient)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).doesNotContain("took too long to load");
        for (DemoStudies.Series series : KNEE.series()) {
            assertThat(page).contains(ViewerWebIT.thumbnail(KNEE_UID, KNEE.seriesInstanceUid(series)));
        }
    }

    // ---- downloads

    /**
     * A study the PACS cannot send (500 for it: that study's failure, answered 422 since issue 11) and a PACS outage
     * (502, answered 503) alike: the download is audited as failed with nothing sent and gives its slot back.
     */
    @ParameterizedTest
    @CsvSource({"500, 422, pacs-object_unavailable", "502, 503, pacs-unavailable"})
    void zipWhenRetrieveFailsBeforeTheFirstByteThenAuditedAsFailedWithZeroBytesAndNotCounted(
            int pacsStatus, int portalStatus, String reason) throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, true);
        PROXY.stubFor(any(urlPathEqualTo("/dicom-web/studies/" + KNEE_UID))
                .atPriority(1)
                .willReturn(aResponse().withStatus(pacsStatus).withBody("transcoding failed")));

        mvc.perform(get("/patient/studies/" + KNEE_UID + "/download/zip").with(user(patient)))
                .andExpect(status().is(portalStatus));

        List<Map<String, Object>> events = exportEvents(patient);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("details").toString()).contains("\"phase\":\"started\"");
        String finished = events.get(1).get("details").toString();
        assertThat(finished)
                .contains("\"phase\":\"finished\"", "\"bytes\":0", "\"instances\":0", "\"reason\":\"" + reason + "\"");
        assertThat(((Number) events.get(1).get("outcome")).intValue()).isEqualTo(8);
        assertThat(downloads.remaining(actor(patient), DownloadAudit.Kind.STUDY_ZIP))
                .isEqualTo(3);
    }

    @Test
    void limitWhenManyDownloadsStartAtOnceThenExactlyTheLimitStarts() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, true);
        VisibleStudy study = policy.authorize(actor(patient), KNEE_UID).orElseThrow();
        List<Future<DownloadAudit.Export>> starts = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Callable<DownloadAudit.Export> start = () ->
                    downloads.started(actor(patient, "192.0.2.9"), study, DownloadAudit.Kind.STUDY_ZIP, null, null);
            for (int i = 0; i < 10; i++) {
                starts.add(threads.submit(start));
            }
        }
        List<DownloadAudit.Export> started = new ArrayList<>();
        int refused = 0;
        for (Future<DownloadAudit.Export> f : starts) {
            try {
                started.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(DownloadAudit.LimitExceeded.class);
                refused++;
            }
        }
        assertThat(started).hasSize(3);
        assertThat(refused).isEqualTo(7);
        assertThat(downloads.remaining(actor(patient), DownloadAudit.Kind.STUDY_ZIP))
                .isZero();

        // A failed or cut download gives its slot back; a completed one keeps it.
        downloads.finished(started.get(0), org.xrayportal.audit.AuditOutcome.SUCCESS, 100, 3, null);
        downloads.finished(started.get(1), org.xrayportal.audit.AuditOutcome.SERIOUS_FAILURE, 0, 0, "pacs-busy");
        downloads.finished(started.get(2), org.xrayportal.audit.AuditOutcome.MINOR_FAILURE, 10, 0, "client-aborted");
        assertThat(downloads.remaining(actor(patient), DownloadAudit.Kind.STUDY_ZIP))
                .isEqualTo(2);
    }

    @Test
    void shutdownWhenADownloadIsStillRunningThenItsClosingRowSaysInterruptedWithTheBytesSent() throws Exception {
        PortalUser patient = fixtures.patientWithGrant(DemoStudies.MUELLER, true);
        VisibleStudy study = policy.authorize(actor(patient), KNEE_UID).orElseThrow();
        DownloadAudit.Export export =
                downloads.started(actor(patient, "192.0.2.9"), study, DownloadAudit.Kind.STUDY_ZIP, null, null);
        export.progress(() -> 123_456L, () -> 2);

        assertThat(downloads.interruptInFlight(Duration.ofMillis(50))).isEqualTo(1);
        // The request thread notices the cut connection later: no second closing row.
        downloads.finished(export, org.xrayportal.audit.AuditOutcome.MINOR_FAILURE, 130_000, 2, "client-aborted");

        List<Map<String, Object>> events = exportEvents(patient);
        assertThat(events).hasSize(2);
        String finished = events.get(1).get("details").toString();
        assertThat(finished)
                .contains(
                        "\"phase\":\"finished\"",
                        "\"reason\":\"interrupted-by-shutdown\"",
                        "\"bytes\":123456",
                        "\"instances\":2",
                        "\"download\":\"" + export.id() + "\"");
        assertThat(((Number) events.get(1).get("outcome")).intValue()).isEqualTo(4);
        assertThat(downloads.inFlight()).doesNotContain(export);
    }

    private CircuitBreaker.State state(String name) {
        return breakers.circuitBreaker(name).getState();
    }

    private static String framePath(DemoStudies.Series series) {
        return "/patient/studies/" + KNEE_UID + "/series/" + KNEE.seriesInstanceUid(series) + "/instances/"
                + KNEE.sopInstanceUid(series, 1) + "/frames/1";
    }

    /**
     * Frame 1 at the PACS, however the portal asks for it: the pixel data ({@code /frames/1}, which greyscale images
     * are rendered from since issue 11) or the PACS's own rendering ({@code /frames/1/rendered}); never its metadata.
     */
    private static UrlPathPattern pacsFrame(DemoStudies.Series series) {
        return urlPathMatching(Pattern.quote("/dicom-web/studies/" + KNEE_UID + "/series/"
                        + KNEE.seriesInstanceUid(series) + "/instances/" + KNEE.sopInstanceUid(series, 1)
                        + "/frames/1")
                + "(/rendered)?");
    }

    private List<Map<String, Object>> exportEvents(PortalUser patient) {
        return jdbc.sql("SELECT * FROM audit_event WHERE actor_id = ? AND action = 'EXPORT' ORDER BY sequence")
                .param(patient.id())
                .query()
                .listOfRows();
    }
}
