package org.xrayportal.imaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.xrayportal.shared.PatientIdentity;

/** Every way a PACS can fail ends in one {@link PacsException}, within the configured time budget. */
class DicomWebPacsGatewayFaultTest {

    private static final PatientIdentity PATIENT = PatientIdentity.of("1001");
    private static final String STUDY = "1.2.3.4";
    private static final String DICOM_JSON = "application/dicom+json";
    private static final String OWN_STUDY = study("1001", STUDY);
    private static final String RETRIEVE = "/dicom-web/studies/" + STUDY;

    private WireMockServer pacs;
    private PacsProperties properties;

    @BeforeEach
    void start() {
        pacs = new WireMockServer(wireMockConfig().dynamicPort());
        pacs.start();
        warmUp();
        properties = TestPacsProperties.of(URI.create(pacs.baseUrl() + "/dicom-web"))
                .timeouts(Duration.ofMillis(500), Duration.ofMillis(1500))
                .retry(new PacsProperties.Retry(2, Duration.ofMillis(20)))
                .build();
    }

    /** The first request a JVM sends to WireMock loads Jetty's classes; keep that out of the timed calls. */
    private void warmUp() {
        try (HttpClient http = HttpClient.newHttpClient()) {
            http.send(
                    HttpRequest.newBuilder(URI.create(pacs.baseUrl() + "/__admin/mappings"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        pacs.stop();
    }

    @Test
    void searchWhenPacsDownThenUnavailableAfterRetries() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        properties = TestPacsProperties.of(URI.create("http://localhost:" + closedPort + "/dicom-web"))
                .timeouts(Duration.ofMillis(500), Duration.ofMillis(1500))
                .retry(new PacsProperties.Retry(2, Duration.ofMillis(20)))
                .build();
        assertFailsWithin(PacsException.Kind.UNAVAILABLE, () -> gateway().searchStudies(PATIENT, DateRange.ANY));
    }

    @Test
    void searchWhenManyRequestsMissTheCacheTogetherThenThePacsIsAskedOnce() throws Exception {
        pacs.stubFor(
                get(urlPathEqualTo("/dicom-web/studies")).willReturn(json("[]").withFixedDelay(300)));
        DicomWebPacsGateway gateway = gateway();
        int callers = 20;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<List<Study>>> answers = new java.util.ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < callers; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return gateway.searchStudies(PATIENT, DateRange.ANY);
                }));
            }
            start.countDown();
            for (var answer : answers) {
                assertThat(answer.get()).isEmpty();
            }
        }

        // One search for all twenty (an identity with an issuer-less ID also lists its issuers: same path, once).
        pacs.verify(1, getRequestedFor(urlPathEqualTo("/dicom-web/studies")));
    }

    @Test
    void searchWhenTheFirstCallerIsInterruptedThenTheCallersWaitingForItSearchThemselves() throws Exception {
        pacs.stubFor(
                get(urlPathEqualTo("/dicom-web/studies")).willReturn(json("[]").withFixedDelay(700)));
        DicomWebPacsGateway gateway = gateway();
        Search first = new Search(gateway);
        awaitSearchesAtThePacs(1);
        List<Search> waiters = List.of(new Search(gateway), new Search(gateway), new Search(gateway));
        for (Search waiter : waiters) {
            waiter.awaitWaiting(); // for the first caller's search, under way
        }

        first.thread.interrupt(); // its request was cancelled (the study page's deadline)

        first.thread.join(5_000);
        assertThat(first.thrown.get()).isInstanceOf(PacsException.class);
        assertThat(((PacsException) first.thrown.get()).kind()).isEqualTo(PacsException.Kind.UNAVAILABLE);
        for (Search waiter : waiters) {
            waiter.thread.join(10_000);
            assertThat(waiter.thrown.get()).isNull();
            assertThat(waiter.studies.get()).isEmpty();
        }
        // The first caller's search, then one more for the three that waited.
        pacs.verify(2, getRequestedFor(urlPathEqualTo("/dicom-web/studies")));
    }

    /** A study search on a thread of its own. */
    private static final class Search {
        final java.util.concurrent.atomic.AtomicReference<List<Study>> studies =
                new java.util.concurrent.atomic.AtomicReference<>();
        final java.util.concurrent.atomic.AtomicReference<Throwable> thrown =
                new java.util.concurrent.atomic.AtomicReference<>();
        final Thread thread;

        Search(DicomWebPacsGateway gateway) {
            thread = Thread.ofPlatform().start(() -> {
                try {
                    studies.set(gateway.searchStudies(PATIENT, DateRange.ANY));
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
        }

        void awaitWaiting() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (thread.getState() != Thread.State.WAITING) {
                assertThat(System.nanoTime()).as("search waiting").isLessThan(deadline);
                Thread.sleep(5);
            }
        }
    }

    private void awaitSearchesAtThePacs(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (pacs.findAll(getRequestedFor(urlPathEqualTo("/dicom-web/studies")))
                        .size()
                < count) {
            assertThat(System.nanoTime()).as("search reached the PACS").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void searchWhenPacsSlowerThanReadTimeoutThenTimeout() {
        pacs.stubFor(
                get(urlPathEqualTo("/dicom-web/studies")).willReturn(json("[]").withFixedDelay(10_000)));
        assertFailsWithin(PacsException.Kind.TIMEOUT, () -> gateway().searchStudies(PATIENT, DateRange.ANY));
        // A slow PACS gets no extra load from retries.
        pacs.verify(1, getRequestedFor(urlPathEqualTo("/dicom-web/studies")));
    }

    @Test
    void searchWhenBodyTricklesPastReadTimeoutThenTimeout() {
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies"))
                .willReturn(json("[" + OWN_STUDY + "]").withChunkedDribbleDelay(20, 5_000)));
        assertFailsWithin(PacsException.Kind.TIMEOUT, () -> gateway().searchStudies(PATIENT, DateRange.ANY));
    }

    @Test
    void searchWhenServiceUnavailableThenRetriedAndUnavailable() {
        pacs.stubFor(
                get(urlPathEqualTo("/dicom-web/studies")).willReturn(aResponse().withStatus(503)));
        assertFailsWithin(PacsException.Kind.UNAVAILABLE, () -> gateway().searchStudies(PATIENT, DateRange.ANY));
        pacs.verify(2, getRequestedFor(urlPathEqualTo("/dicom-web/studies")));
    }

    @Test
    void searchWhenInternalServerErrorThenUnavailableWithoutRetry() {
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies"))
                .willReturn(aResponse().withStatus(500).withBody("java.lang.NullPointerException at ...")));
        PacsException e = assertFailsWithin(
                PacsException.Kind.UNAVAILABLE, () -> gateway().searchStudies(PATIENT, DateRange.ANY));
        assertThat(e.httpStatus()).isEqualTo(503);
        pacs.verify(1, getRequestedFor(urlPathEqualTo("/dicom-web/studies")));
    }

    @Test
    void searchWhenMalformedJsonThenBadResponse() {
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies")).willReturn(json("[{\"0020000D\": {\"vr\": \"UI\", ")));
        assertFailsWithin(PacsException.Kind.BAD_RESPONSE, () -> gateway().searchStudies(PATIENT, DateRange.ANY));
    }

    @Test
    void searchWhenJsonIsNotDicomJsonThenBadResponse() {
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies")).willReturn(json("{\"studies\": []}")));
        assertFailsWithin(PacsException.Kind.BAD_RESPONSE, () -> gateway().searchStudies(PATIENT, DateRange.ANY));
    }

    @Test
    void searchWhenWrongContentTypeThenBadResponse() {
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies"))
                .willReturn(aResponse().withHeader("Content-Type", "text/html").withBody("<html>login</html>")));
        assertFailsWithin(PacsException.Kind.BAD_RESPONSE, () -> gateway().searchStudies(PATIENT, DateRange.ANY));
    }

    @Test
    void searchWhenJsonLargerThanLimitThenBadResponse() {
        properties = TestPacsProperties.from(properties)
                .maxJsonSize(DataSize.ofKilobytes(1))
                .build();
        String big = "[" + String.join(",", java.util.Collections.nCopies(50, OWN_STUDY)) + "]";
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies")).willReturn(json(big)));
        assertFailsWithin(PacsException.Kind.BAD_RESPONSE, () -> gateway().searchStudies(PATIENT, DateRange.ANY));
    }

    @Test
    void searchWhenJsonLargerThanLimitWithoutContentLengthThenBadResponse() {
        properties = TestPacsProperties.from(properties)
                .maxJsonSize(DataSize.ofKilobytes(1))
                .build();
        String big = "[" + String.join(",", java.util.Collections.nCopies(50, OWN_STUDY)) + "]";
        pacs.stubFor(
                get(urlPathEqualTo("/dicom-web/studies")).willReturn(json(big).withChunkedDribbleDelay(4, 50)));
        assertFailsWithin(PacsException.Kind.BAD_RESPONSE, () -> gateway().searchStudies(PATIENT, DateRange.ANY));
    }

    @Test
    void searchWhenPacsReturnsAnotherPatientsStudyThenItIsDropped() {
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies"))
                .willReturn(
                        json("[" + study("10011", "1.2.3.9") + "," + OWN_STUDY + "," + study(null, "1.2.3.8") + "]")));
        assertThat(gateway().searchStudies(PATIENT, DateRange.ANY))
                .extracting(Study::studyInstanceUid)
                .containsExactly(STUDY);
    }

    @Test
    void listSeriesWhenPacsSaysStudyBelongsToAnotherPatientThenNotFound() {
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies")).willReturn(json("[" + study("10011", STUDY) + "]")));
        pacs.stubFor(
                get(urlPathEqualTo("/dicom-web/studies/" + STUDY + "/series")).willReturn(json("[]")));
        assertFailsWithin(PacsException.Kind.NOT_FOUND, () -> gateway().listSeries(PATIENT, STUDY));
        pacs.verify(0, getRequestedFor(urlPathEqualTo("/dicom-web/studies/" + STUDY + "/series")));
    }

    @Test
    void searchWhenNoContentThenEmpty() {
        pacs.stubFor(
                get(urlPathEqualTo("/dicom-web/studies")).willReturn(aResponse().withStatus(204)));
        assertThat(gateway().searchStudies(PATIENT, DateRange.ANY)).isEmpty();
    }

    @Test
    void searchWhenRedirectedThenBadResponseAndRedirectNotFollowed() {
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", pacs.baseUrl() + "/elsewhere")));
        assertFailsWithin(PacsException.Kind.BAD_RESPONSE, () -> gateway().searchStudies(PATIENT, DateRange.ANY));
        pacs.verify(0, getRequestedFor(urlPathEqualTo("/elsewhere")));
    }

    @Test
    void requestsCarryTheConfiguredCredentials() {
        properties = TestPacsProperties.from(properties)
                .auth(PacsProperties.Auth.bearer("s3cret"))
                .build();
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies"))
                .withHeader("Authorization", equalTo("Bearer s3cret"))
                .willReturn(json("[]")));
        assertThat(gateway().searchStudies(PATIENT, DateRange.ANY)).isEmpty();
        assertThat(properties.auth().toString()).doesNotContain("s3cret");
    }

    @Test
    void queryUsesExactKeysWithoutFuzzyMatching() {
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies")).willReturn(json("[]")));
        gateway().searchStudies(PatientIdentity.of("MRN 7+&%#/", "Klinik Süd"), DateRange.ANY);
        pacs.verify(getRequestedFor(urlPathEqualTo("/dicom-web/studies"))
                .withQueryParam("PatientID", equalTo("MRN?7?????"))
                .withQueryParam("IssuerOfPatientID", equalTo("Klinik?S*d"))
                .withQueryParam("fuzzymatching", equalTo("false")));
    }

    @Test
    void retrieveWhenMultipartTruncatedThenBadResponseAfterCompleteParts() {
        stubOwnStudy();
        String body = "--b1\r\nContent-Type: application/dicom\r\n\r\nFIRST\r\n"
                + "--b1\r\nContent-Type: application/dicom\r\n\r\nSECO";
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b1")
                        .withBody(body)));
        List<String> parts = new ArrayList<>();
        assertFailsWithin(
                PacsException.Kind.BAD_RESPONSE,
                () -> gateway().retrieveStudy(PATIENT, STUDY, (i, in) -> {
                    parts.add(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
                }));
        assertThat(parts).containsExactly("FIRST");
    }

    @Test
    void retrieveStreamsPartsWithQuotedBoundary() {
        stubOwnStudy();
        String body = "preamble\r\n--b 2\r\nContent-Type: application/dicom\r\n\r\nONE\r\n"
                + "--b 2\r\nContent-Type: application/dicom\r\n\r\nTWO\r\n--b 2--\r\n";
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=\"b 2\"")
                        .withBody(body)));
        List<String> parts = new ArrayList<>();
        int count = gateway().retrieveStudy(PATIENT, STUDY, (i, in) -> parts.add(new String(in.readAllBytes())));
        assertThat(count).isEqualTo(2);
        assertThat(parts).containsExactly("ONE", "TWO");
    }

    @Test
    void retrieveWhenHandlerFailsThenItsOwnExceptionPassesThrough() {
        stubOwnStudy();
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b1")
                        .withBody("--b1\r\n\r\nONE\r\n--b1--\r\n")));
        assertThatThrownBy(() -> gateway().retrieveStudy(PATIENT, STUDY, (i, in) -> {
                    throw new IOException("browser went away");
                }))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("browser went away");
    }

    @Test
    void retrieveWhenNotMultipartThenBadResponse() {
        stubOwnStudy();
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{}")));
        assertFailsWithin(
                PacsException.Kind.BAD_RESPONSE, () -> gateway().retrieveStudy(PATIENT, STUDY, (i, in) -> {}));
    }

    @Test
    void retrieveWhenStreamStallsThenTimeout() {
        stubOwnStudy();
        String body = "--b1\r\nContent-Type: application/dicom\r\n\r\n" + "X".repeat(2000) + "\r\n--b1--\r\n";
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b1")
                        .withBody(body)
                        .withChunkedDribbleDelay(2, 5_000)));
        assertFailsWithin(
                PacsException.Kind.TIMEOUT,
                () -> gateway().retrieveStudy(PATIENT, STUDY, (i, in) -> {
                    in.readAllBytes();
                }));
    }

    // The streamed calls go over a blocking connection of their own (DicomWebClient.open): the same rules hold there.

    @Test
    void retrieveWhenPacsSlowerThanReadTimeoutThenTimeoutWithoutRetry() {
        stubRetrieve(aResponse().withStatus(200).withFixedDelay(10_000));
        assertFailsWithin(PacsException.Kind.TIMEOUT, () -> gateway().retrieveStudy(PATIENT, STUDY, (i, in) -> {}));
        pacs.verify(1, getRequestedFor(urlPathEqualTo(RETRIEVE)));
    }

    @Test
    void retrieveWhenServiceUnavailableThenRetriedAndUnavailable() {
        stubRetrieve(aResponse().withStatus(503));
        assertFailsWithin(PacsException.Kind.UNAVAILABLE, () -> gateway().retrieveStudy(PATIENT, STUDY, (i, in) -> {}));
        pacs.verify(2, getRequestedFor(urlPathEqualTo(RETRIEVE)));
    }

    @Test
    void retrieveWhenConnectionResetThenRetriedAndUnavailable() {
        stubRetrieve(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        assertFailsWithin(PacsException.Kind.UNAVAILABLE, () -> gateway().retrieveStudy(PATIENT, STUDY, (i, in) -> {}));
        // Two attempts, each sent twice: HttpURLConnection sends a GET again once by itself when the connection breaks
        // before the answer (as a kept-alive connection the server has closed does).
        pacs.verify(4, getRequestedFor(urlPathEqualTo(RETRIEVE)));
    }

    @Test
    void retrieveWhenThePacsCannotSendTheStudyThenObjectUnavailableWithoutRetry() {
        stubRetrieve(aResponse().withStatus(406).withBody("transfer syntax not available"));
        assertFailsWithin(
                PacsException.Kind.OBJECT_UNAVAILABLE, () -> gateway().retrieveStudy(PATIENT, STUDY, (i, in) -> {}));
        pacs.verify(1, getRequestedFor(urlPathEqualTo(RETRIEVE)));
    }

    @Test
    void retrieveWhenRedirectedThenBadResponseAndRedirectNotFollowed() {
        stubRetrieve(aResponse().withStatus(302).withHeader("Location", pacs.baseUrl() + "/elsewhere"));
        assertFailsWithin(
                PacsException.Kind.BAD_RESPONSE, () -> gateway().retrieveStudy(PATIENT, STUDY, (i, in) -> {}));
        pacs.verify(0, getRequestedFor(urlPathEqualTo("/elsewhere")));
    }

    @Test
    void retrieveWhenItsThreadIsInterruptedMidStreamThenItStopsLongBeforeTheReadTimeout() throws Exception {
        // As when the browser goes away: StudyZip interrupts its reader, which may be waiting for the PACS's next
        // bytes.
        properties = TestPacsProperties.from(properties)
                .timeouts(Duration.ofMillis(500), Duration.ofSeconds(30))
                .build();
        String body = "--b1\r\nContent-Type: application/dicom\r\n\r\n" + "X".repeat(2000) + "\r\n--b1--\r\n";
        stubRetrieve(aResponse()
                .withHeader("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b1")
                .withBody(body)
                .withChunkedDribbleDelay(100, 60_000));
        java.util.concurrent.CompletableFuture<Throwable> ended = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                gateway().retrieveStudy(PATIENT, STUDY, (i, in) -> {
                    reading.countDown();
                    in.readAllBytes();
                });
                ended.complete(null);
            } catch (Throwable t) {
                ended.complete(t);
            }
        });
        assertThat(reading.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        reader.interrupt();
        // Half the read timeout: the interrupt, not the timeout, ended it.
        Throwable thrown = ended.get(15, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(thrown).isInstanceOf(PacsException.class);
        assertThat(((PacsException) thrown).kind()).isEqualTo(PacsException.Kind.UNAVAILABLE);
    }

    @Test
    void retrieveCarriesTheConfiguredCredentials() {
        properties = TestPacsProperties.from(properties)
                .auth(PacsProperties.Auth.basic("portal", "s3cret"))
                .build();
        stubRetrieve(aResponse()
                .withHeader("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b1")
                .withBody("--b1\r\n\r\nONE\r\n--b1--\r\n"));
        assertThat(gateway().retrieveStudy(PATIENT, STUDY, (i, in) -> in.readAllBytes()))
                .isEqualTo(1);
        pacs.verify(getRequestedFor(urlPathEqualTo(RETRIEVE))
                .withHeader("Authorization", equalTo("Basic cG9ydGFsOnMzY3JldA=="))
                .withHeader("Accept", equalTo("multipart/related; type=\"application/dicom\"; transfer-syntax=*")));
    }

    @Test
    void renderWhenPacsAnswersWithWrongImageTypeThenBadResponse() {
        stubOwnStudy();
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY + "/series"))
                .willReturn(json("[{\"0020000E\": {\"vr\": \"UI\", \"Value\": [\"1.2.3.4.1\"]}}]")));
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY + "/series/1.2.3.4.1/instances"))
                .willReturn(json("[{\"00080018\": {\"vr\": \"UI\", \"Value\": [\"1.2.3.4.1.1\"]}}]")));
        // A colour image: the PACS renders it (greyscale ones are rendered by the portal from pixel data).
        pacs.stubFor(get(urlPathMatching(".*/instances/1.2.3.4.1.1/metadata")).willReturn(json(RGB_METADATA)));
        pacs.stubFor(get(urlPathMatching(".*/rendered"))
                .willReturn(aResponse().withHeader("Content-Type", "text/plain").withBody("oops")));
        assertFailsWithin(
                PacsException.Kind.BAD_RESPONSE,
                () -> gateway().renderFrame(PATIENT, STUDY, "1.2.3.4.1", "1.2.3.4.1.1", 1, RenderOptions.DEFAULT));
    }

    private static final String RGB_METADATA = "[{\"00280002\": {\"vr\": \"US\", \"Value\": [3]},"
            + "\"00280004\": {\"vr\": \"CS\", \"Value\": [\"RGB\"]},"
            + "\"00280010\": {\"vr\": \"US\", \"Value\": [2]}, \"00280011\": {\"vr\": \"US\", \"Value\": [2]},"
            + "\"00280100\": {\"vr\": \"US\", \"Value\": [8]}}]";

    @Test
    void greyscaleFrameWhenPacsSendsItCompressedThenBadResponse() {
        stubOwnStudy();
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY + "/series"))
                .willReturn(json("[{\"0020000E\": {\"vr\": \"UI\", \"Value\": [\"1.2.3.4.1\"]}}]")));
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY + "/series/1.2.3.4.1/instances"))
                .willReturn(json("[{\"00080018\": {\"vr\": \"UI\", \"Value\": [\"1.2.3.4.1.1\"]}}]")));
        pacs.stubFor(get(urlPathMatching(".*/instances/1.2.3.4.1.1/metadata"))
                .willReturn(json(RGB_METADATA.replace("[3]", "[1]").replace("RGB", "MONOCHROME2"))));
        pacs.stubFor(get(urlPathMatching(".*/frames/1"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "multipart/related; type=\"image/jp2\"; boundary=b1")
                        .withBody("--b1\r\nContent-Type: image/jp2\r\n\r\nxxxxxxxx\r\n--b1--\r\n")));
        assertFailsWithin(
                PacsException.Kind.BAD_RESPONSE,
                () -> gateway().renderFrame(PATIENT, STUDY, "1.2.3.4.1", "1.2.3.4.1.1", 1, RenderOptions.DEFAULT));
    }

    @Test
    void circuitOpensAfterRepeatedFailuresAndStopsCallingThePacs() {
        properties = TestPacsProperties.from(properties)
                .circuitBreaker(new PacsProperties.CircuitBreaker(50f, 4, 4, Duration.ofMinutes(1)))
                .retry(new PacsProperties.Retry(1, Duration.ofMillis(1)))
                .build();
        pacs.stubFor(
                get(urlPathEqualTo("/dicom-web/studies")).willReturn(aResponse().withStatus(503)));
        DicomWebPacsGateway gateway = gateway();
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> gateway.searchStudies(PATIENT, DateRange.ANY))
                    .isInstanceOf(PacsException.class);
        }
        assertFailsWithin(PacsException.Kind.UNAVAILABLE, () -> gateway.searchStudies(PATIENT, DateRange.ANY));
        pacs.verify(4, getRequestedFor(urlPathEqualTo("/dicom-web/studies")));
    }

    /**
     * Not a failure, but the same canned PACS: trying several presets of one greyscale image fetches its pixel data
     * once (decision 0009); another frame, or the same frame through a new gateway, fetches its own.
     */
    @Test
    void greyscaleFrameWhenSeveralPresetsTriedThenItsPixelDataFetchedOnce() {
        stubOwnStudy();
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY + "/series"))
                .willReturn(json("[{\"0020000E\": {\"vr\": \"UI\", \"Value\": [\"1.2.3.4.1\"]}}]")));
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY + "/series/1.2.3.4.1/instances"))
                .willReturn(json("[{\"00080018\": {\"vr\": \"UI\", \"Value\": [\"1.2.3.4.1.1\"]},"
                        + " \"00280008\": {\"vr\": \"IS\", \"Value\": [2]}}]")));
        pacs.stubFor(get(urlPathMatching(".*/instances/1.2.3.4.1.1/metadata"))
                .willReturn(json(RGB_METADATA.replace("[3]", "[1]").replace("RGB", "MONOCHROME2"))));
        byte[] pixels = {0, 60, (byte) 120, (byte) 250};
        for (int frame = 1; frame <= 2; frame++) {
            byte[] head = "--b1\r\nContent-Type: application/octet-stream\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] tail = "\r\n--b1--\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] body = new byte[head.length + pixels.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(pixels, 0, body, head.length, pixels.length);
            System.arraycopy(tail, 0, body, head.length + pixels.length, tail.length);
            pacs.stubFor(get(urlPathMatching(".*/instances/1.2.3.4.1.1/frames/" + frame))
                    .willReturn(aResponse()
                            .withHeader(
                                    "Content-Type", "multipart/related; type=\"application/octet-stream\"; boundary=b1")
                            .withBody(body)));
        }
        DicomWebPacsGateway gateway = gateway();
        List<byte[]> renderings = new ArrayList<>();
        for (DisplayPreset preset :
                List.of(DisplayPreset.BRIGHTER, DisplayPreset.DARKER, DisplayPreset.MORE_CONTRAST)) {
            for (int size : List.of(256, 512)) {
                renderings.add(gateway.renderFrame(
                                PATIENT,
                                STUDY,
                                "1.2.3.4.1",
                                "1.2.3.4.1.1",
                                1,
                                RenderOptions.jpeg(size, size).withPreset(preset))
                        .bytes());
            }
        }
        assertThat(renderings).hasSize(6).allSatisfy(jpeg -> assertThat(jpeg).isNotEmpty());
        pacs.verify(1, getRequestedFor(urlPathMatching(".*/instances/1.2.3.4.1.1/frames/1")));

        gateway.renderFrame(
                PATIENT, STUDY, "1.2.3.4.1", "1.2.3.4.1.1", 2, RenderOptions.DEFAULT.withPreset(DisplayPreset.DARKER));
        pacs.verify(1, getRequestedFor(urlPathMatching(".*/instances/1.2.3.4.1.1/frames/2")));
        gateway()
                .renderFrame(
                        PATIENT,
                        STUDY,
                        "1.2.3.4.1",
                        "1.2.3.4.1.1",
                        1,
                        RenderOptions.DEFAULT.withPreset(DisplayPreset.DARKER));
        pacs.verify(2, getRequestedFor(urlPathMatching(".*/instances/1.2.3.4.1.1/frames/1")));
    }

    @Test
    void greyscaleFrameWhenItsPixelDataFailedThenTheFailureIsNotKept() {
        stubOwnStudy();
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY + "/series"))
                .willReturn(json("[{\"0020000E\": {\"vr\": \"UI\", \"Value\": [\"1.2.3.4.1\"]}}]")));
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY + "/series/1.2.3.4.1/instances"))
                .willReturn(json("[{\"00080018\": {\"vr\": \"UI\", \"Value\": [\"1.2.3.4.1.1\"]}}]")));
        pacs.stubFor(get(urlPathMatching(".*/instances/1.2.3.4.1.1/metadata"))
                .willReturn(json(RGB_METADATA.replace("[3]", "[1]").replace("RGB", "MONOCHROME2"))));
        pacs.stubFor(get(urlPathMatching(".*/frames/1"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "multipart/related; type=\"image/jp2\"; boundary=b1")
                        .withBody("--b1\r\nContent-Type: image/jp2\r\n\r\nxxxxxxxx\r\n--b1--\r\n")));
        DicomWebPacsGateway gateway = gateway();
        RenderOptions brighter = RenderOptions.DEFAULT.withPreset(DisplayPreset.BRIGHTER);
        for (int i = 0; i < 2; i++) {
            assertFailsWithin(
                    PacsException.Kind.BAD_RESPONSE,
                    () -> gateway.renderFrame(PATIENT, STUDY, "1.2.3.4.1", "1.2.3.4.1.1", 1, brighter));
        }
        pacs.verify(2, getRequestedFor(urlPathMatching(".*/frames/1")));
    }

    /** The study is the patient's, and its retrieve answers {@code response}. */
    private void stubRetrieve(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        stubOwnStudy();
        pacs.stubFor(get(urlPathEqualTo(RETRIEVE)).willReturn(response));
    }

    private void stubOwnStudy() {
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies")).willReturn(json("[" + OWN_STUDY + "]")));
    }

    private DicomWebPacsGateway gateway() {
        return new DicomWebPacsGateway(properties);
    }

    /** Asserts the kind, and that the call ended within the budget (with a generous margin for a busy machine). */
    private PacsException assertFailsWithin(PacsException.Kind kind, ThrowingCallable call) {
        Duration budget = properties.requestBudget().multipliedBy(2).plusSeconds(2);
        long start = System.nanoTime();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(thrown).isInstanceOf(PacsException.class);
        PacsException e = (PacsException) thrown;
        assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
        assertThat(elapsed).isLessThan(budget);
        return e;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", DICOM_JSON).withBody(body);
    }

    private static String study(String patientId, String uid) {
        String id = patientId == null ? "" : "\"00100020\": {\"vr\": \"LO\", \"Value\": [\"" + patientId + "\"]},";
        return "{" + id + "\"0020000D\": {\"vr\": \"UI\", \"Value\": [\"" + uid + "\"]},"
                + "\"00080020\": {\"vr\": \"DA\", \"Value\": [\"20240105\"]}}";
    }
}
