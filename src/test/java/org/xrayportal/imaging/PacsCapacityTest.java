package org.xrayportal.imaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xrayportal.shared.PatientIdentity;

/**
 * Bulkheads and circuit breakers per operation class (issue 13, and issue 11 deliverable 8): a failure of one object
 * never counts as a PACS outage, trouble in one class leaves the others working, and a full class fails only the
 * request that found it full.
 */
class PacsCapacityTest {

    private static final PatientIdentity PATIENT = PatientIdentity.of("1001");
    private static final String STUDY = "1.2.3.4";
    private static final String SERIES = "1.2.3.4.1";
    private static final String INSTANCE = "1.2.3.4.1.1";
    private static final String FRAME_PATH =
            "/dicom-web/studies/" + STUDY + "/series/" + SERIES + "/instances/" + INSTANCE + "/frames/1/rendered";

    private WireMockServer pacs;
    private PacsProperties properties;
    private CircuitBreakerRegistry breakers;
    private BulkheadRegistry bulkheads;

    @BeforeEach
    void start() {
        pacs = new WireMockServer(wireMockConfig().dynamicPort());
        pacs.start();
        properties = TestPacsProperties.of(URI.create(pacs.baseUrl() + "/dicom-web"))
                .timeouts(Duration.ofMillis(500), Duration.ofMillis(1500))
                .retry(new PacsProperties.Retry(1, Duration.ofMillis(1)))
                .circuitBreaker(new PacsProperties.CircuitBreaker(50f, 4, 4, Duration.ofMinutes(1)))
                .build();
        breakers = CircuitBreakerRegistry.ofDefaults();
        bulkheads = BulkheadRegistry.ofDefaults();
        stubOwnership();
    }

    @AfterEach
    void stop() {
        pacs.stop();
    }

    @Test
    void renderWhenPacsAnswers500ForOneObjectThenRenderBreakerStaysClosed() {
        pacs.stubFor(get(urlPathEqualTo(FRAME_PATH)).willReturn(aResponse().withStatus(500)));
        DicomWebPacsGateway gateway = gateway(PacsCapacityProperties.DEFAULTS);
        for (int i = 0; i < 12; i++) {
            assertThat(renderFailure(gateway)).isNotNull();
        }
        assertThat(state(PacsOperation.RENDER)).isEqualTo(CircuitBreaker.State.CLOSED);
        // Every one of the twelve reached the PACS: none was cut short by an open breaker.
        pacs.verify(12, getRequestedFor(urlPathEqualTo(FRAME_PATH)));
        assertThat(breakers.circuitBreaker("pacs-render").getMetrics().getNumberOfFailedCalls())
                .isZero();
    }

    @Test
    void renderWhenPacsAnswers4xxForOneObjectThenRenderBreakerStaysClosed() {
        for (int status : new int[] {400, 406, 415, 422}) {
            pacs.stubFor(get(urlPathEqualTo(FRAME_PATH)).willReturn(aResponse().withStatus(status)));
            DicomWebPacsGateway gateway = gateway(PacsCapacityProperties.DEFAULTS);
            for (int i = 0; i < 6; i++) {
                renderFailure(gateway);
            }
        }
        assertThat(state(PacsOperation.RENDER)).isEqualTo(CircuitBreaker.State.CLOSED);
        pacs.verify(24, getRequestedFor(urlPathEqualTo(FRAME_PATH)));
    }

    @Test
    void renderWhenPacsAnswersUnreadableImageThenRenderBreakerStaysClosed() {
        pacs.stubFor(get(urlPathEqualTo(FRAME_PATH))
                .willReturn(aResponse().withHeader("Content-Type", "text/plain").withBody("cannot decode")));
        DicomWebPacsGateway gateway = gateway(PacsCapacityProperties.DEFAULTS);
        for (int i = 0; i < 8; i++) {
            assertThat(renderFailure(gateway).kind()).isEqualTo(PacsException.Kind.BAD_RESPONSE);
        }
        assertThat(state(PacsOperation.RENDER)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void retrieveWhenPacsAnswers500ForOneStudyThenRetrieveBreakerStaysClosed() {
        String studyPath = "/dicom-web/studies/" + STUDY;
        pacs.stubFor(get(urlPathEqualTo(studyPath)).willReturn(aResponse().withStatus(500)));
        DicomWebPacsGateway gateway = gateway(PacsCapacityProperties.DEFAULTS);
        for (int i = 0; i < 8; i++) {
            PacsException failure = catchThrowableOfType(
                    PacsException.class, () -> gateway.retrieveStudy(PATIENT, STUDY, (index, part) -> {}));
            assertThat(failure.kind()).isEqualTo(PacsException.Kind.OBJECT_UNAVAILABLE);
        }
        assertThat(state(PacsOperation.RETRIEVE)).isEqualTo(CircuitBreaker.State.CLOSED);
        pacs.verify(8, getRequestedFor(urlPathEqualTo(studyPath)));
    }

    @Test
    void renderWhenGatewayErrorsThenOnlyRenderBreakerOpensAndSearchKeepsWorking() {
        pacs.stubFor(get(urlPathEqualTo(FRAME_PATH)).willReturn(aResponse().withStatus(502)));
        DicomWebPacsGateway gateway = gateway(PacsCapacityProperties.DEFAULTS);
        for (int i = 0; i < 4; i++) {
            assertThat(renderFailure(gateway).kind()).isEqualTo(PacsException.Kind.UNAVAILABLE);
        }
        assertThat(state(PacsOperation.RENDER)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(state(PacsOperation.SEARCH)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(state(PacsOperation.RETRIEVE)).isEqualTo(CircuitBreaker.State.CLOSED);

        // The open render breaker stops frame calls without asking the PACS ...
        assertThat(renderFailure(gateway).getMessage()).contains("pacs-render");
        pacs.verify(4, getRequestedFor(urlPathEqualTo(FRAME_PATH)));
        // ... while study lists and series lists still work.
        assertThat(gateway.searchStudies(PATIENT, DateRange.ANY))
                .extracting(Study::studyInstanceUid)
                .containsExactly(STUDY);
        assertThat(gateway.listSeries(PATIENT, STUDY))
                .extracting(Series::seriesInstanceUid)
                .containsExactly(SERIES);
    }

    @Test
    void searchWhenTimeoutsAndGatewayErrorsThenSearchBreakerOpens() {
        pacs.stubFor(
                get(urlPathEqualTo("/dicom-web/studies")).willReturn(json("[]").withFixedDelay(5_000)));
        DicomWebPacsGateway gateway = gateway(PacsCapacityProperties.DEFAULTS);
        for (int i = 0; i < 2; i++) {
            assertThat(searchFailure(gateway).kind()).isEqualTo(PacsException.Kind.TIMEOUT);
        }
        pacs.stubFor(
                get(urlPathEqualTo("/dicom-web/studies")).willReturn(aResponse().withStatus(504)));
        for (int i = 0; i < 2; i++) {
            assertThat(searchFailure(gateway).kind()).isEqualTo(PacsException.Kind.UNAVAILABLE);
        }
        assertThat(state(PacsOperation.SEARCH)).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(state(PacsOperation.RENDER)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void renderWhenRenderClassFullThenThatRequestIsBusyAndSearchIsNotHeldUp() throws Exception {
        pacs.stubFor(get(urlPathEqualTo(FRAME_PATH))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "image/jpeg")
                        .withBody(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9})
                        .withFixedDelay(1_000)));
        PacsCapacityProperties oneRender =
                new PacsCapacityProperties(null, new PacsCapacityProperties.Limit(1, Duration.ofMillis(50)), null);
        DicomWebPacsGateway gateway = gateway(oneRender);
        // Fill the caches of the ownership checks, so that the slow call below is the render itself.
        gateway.listInstances(PATIENT, STUDY, SERIES);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<RenderedImage> first = CompletableFuture.supplyAsync(
                    () -> gateway.renderFrame(PATIENT, STUDY, SERIES, INSTANCE, 1, RenderOptions.DEFAULT), threads);
            awaitRequests(FRAME_PATH, 1);

            PacsException busy = renderFailure(gateway);
            assertThat(busy.kind()).isEqualTo(PacsException.Kind.BUSY);
            assertThat(busy.httpStatus()).isEqualTo(503);
            // The other classes are not held up by the full render class.
            assertThat(gateway.searchStudies(PATIENT, DateRange.ANY)).hasSize(1);
            // The call in flight completes normally.
            assertThat(first.get().bytes()).hasSize(4);
        }
        // The refused call never reached the PACS, and being busy is not an outage.
        pacs.verify(1, getRequestedFor(urlPathEqualTo(FRAME_PATH)));
        assertThat(state(PacsOperation.RENDER)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(bulkheads.bulkhead("pacs-render").getMetrics().getAvailableConcurrentCalls())
                .isEqualTo(1);
    }

    @Test
    void eachClassIsRegisteredUnderItsNameWithItsConfiguredLimit() {
        PacsCapacityProperties capacity = new PacsCapacityProperties(
                new PacsCapacityProperties.Limit(7, Duration.ofMillis(300)),
                new PacsCapacityProperties.Limit(9, null),
                new PacsCapacityProperties.Limit(2, null));
        gateway(capacity);
        assertThat(bulkheads.bulkhead("pacs-search").getBulkheadConfig().getMaxConcurrentCalls())
                .isEqualTo(7);
        assertThat(bulkheads.bulkhead("pacs-search").getBulkheadConfig().getMaxWaitDuration())
                .isEqualTo(Duration.ofMillis(300));
        assertThat(bulkheads.bulkhead("pacs-render").getBulkheadConfig().getMaxConcurrentCalls())
                .isEqualTo(9);
        assertThat(bulkheads.bulkhead("pacs-retrieve").getBulkheadConfig().getMaxConcurrentCalls())
                .isEqualTo(2);
        assertThat(capacity.total()).isEqualTo(18);
        assertThat(breakers.getAllCircuitBreakers())
                .extracting(CircuitBreaker::getName)
                .containsExactlyInAnyOrder("pacs-search", "pacs-render", "pacs-retrieve");
    }

    private void awaitRequests(String path, int count) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (pacs.findAll(getRequestedFor(urlPathEqualTo(path))).size() >= count) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the PACS never saw " + count + " request(s) for " + path);
    }

    private CircuitBreaker.State state(PacsOperation operation) {
        return breakers.circuitBreaker(operation.resilienceName()).getState();
    }

    private static PacsException renderFailure(DicomWebPacsGateway gateway) {
        return catchThrowableOfType(
                PacsException.class,
                () -> gateway.renderFrame(PATIENT, STUDY, SERIES, INSTANCE, 1, RenderOptions.DEFAULT));
    }

    private static PacsException searchFailure(DicomWebPacsGateway gateway) {
        return catchThrowableOfType(PacsException.class, () -> gateway.searchStudies(PATIENT, DateRange.ANY));
    }

    private DicomWebPacsGateway gateway(PacsCapacityProperties capacity) {
        return new DicomWebPacsGateway(new DicomWebClient(properties, capacity, breakers, bulkheads), properties);
    }

    private void stubOwnership() {
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies"))
                .willReturn(json("[{\"00100020\": {\"vr\": \"LO\", \"Value\": [\"1001\"]},"
                        + "\"0020000D\": {\"vr\": \"UI\", \"Value\": [\"" + STUDY + "\"]}}]")));
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY + "/series"))
                .willReturn(json("[{\"0020000D\": {\"vr\": \"UI\", \"Value\": [\"" + STUDY + "\"]},"
                        + "\"0020000E\": {\"vr\": \"UI\", \"Value\": [\"" + SERIES + "\"]}}]")));
        pacs.stubFor(get(urlPathMatching("/dicom-web/studies/" + STUDY + "/series/" + SERIES + "/instances"))
                .willReturn(json("[{\"0020000D\": {\"vr\": \"UI\", \"Value\": [\"" + STUDY + "\"]},"
                        + "\"0020000E\": {\"vr\": \"UI\", \"Value\": [\"" + SERIES + "\"]},"
                        + "\"00080018\": {\"vr\": \"UI\", \"Value\": [\"" + INSTANCE + "\"]}}]")));
        // A plain MONOCHROME2 image with its own LINEAR window: the display pipeline has the PACS render it.
        pacs.stubFor(get(urlPathEqualTo(
                        "/dicom-web/studies/" + STUDY + "/series/" + SERIES + "/instances/" + INSTANCE + "/metadata"))
                .willReturn(json("[{\"00280002\": {\"vr\": \"US\", \"Value\": [1]},"
                        + "\"00280004\": {\"vr\": \"CS\", \"Value\": [\"MONOCHROME2\"]},"
                        + "\"00280010\": {\"vr\": \"US\", \"Value\": [2]}, \"00280011\": {\"vr\": \"US\", \"Value\": [2]},"
                        + "\"00280100\": {\"vr\": \"US\", \"Value\": [16]},"
                        + "\"00281050\": {\"vr\": \"DS\", \"Value\": [100]},"
                        + "\"00281051\": {\"vr\": \"DS\", \"Value\": [200]}}]")));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/dicom+json").withBody(body);
    }
}
