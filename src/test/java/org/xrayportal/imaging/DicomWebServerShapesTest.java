package org.xrayportal.imaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xrayportal.shared.PatientIdentity;

/**
 * Issue 11, item 6: answers shaped like those of DICOMweb servers other than the test Orthanc, from canned responses.
 * Multipart retrieves with every legal (and commonly sent, not quite legal) spelling of the media type, and searches
 * that a server caps at a page size of its own.
 */
class DicomWebServerShapesTest {

    private static final PatientIdentity PATIENT = PatientIdentity.of("1001");
    private static final String STUDY = "1.2.3.4";
    private static final String SERIES = "1.2.3.4.1";

    private WireMockServer pacs;

    @BeforeEach
    void start() {
        pacs = new WireMockServer(wireMockConfig().dynamicPort());
        pacs.start();
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies"))
                .willReturn(json("[{\"00100020\": {\"vr\": \"LO\", \"Value\": [\"1001\"]},"
                        + "\"0020000D\": {\"vr\": \"UI\", \"Value\": [\"" + STUDY + "\"]}}]")));
    }

    @AfterEach
    void stop() {
        pacs.stop();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "multipart/related; type=\"application/dicom\"; boundary=%s",
                "multipart/related; type=application/dicom; boundary=%s",
                "Multipart/Related; Type=Application/DICOM; Boundary=%s",
                "multipart/related;type=application/dicom;boundary=\"%s\"",
                "multipart/related; boundary=%s; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50",
                "MULTIPART/RELATED ; BOUNDARY = \"%s\" ; TYPE = \"application/dicom\""
            })
    void retrieveWhenMediaTypeSpelledAnyLegalOrCommonWayThenAllParts(String contentType) {
        for (String boundary : List.of("simple", "urn:uuid:4f6b1a9e-6a3c", "a=b==c", "0123:4567=89ab")) {
            pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", contentType.formatted(boundary))
                            .withBody(multipart(boundary, "application/dicom", "ONE", "TWO"))));
            List<String> parts = new ArrayList<>();

            int count = gateway()
                    .retrieveStudy(
                            PATIENT,
                            STUDY,
                            (i, in) -> parts.add(new String(in.readAllBytes(), StandardCharsets.US_ASCII)));

            assertThat(count).as("%s with boundary %s", contentType, boundary).isEqualTo(2);
            assertThat(parts).containsExactly("ONE", "TWO");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/dicom",
                "Application/DICOM",
                "application/dicom; transfer-syntax=1.2.840.10008.1.2.4.90"
            })
    void retrieveWhenPartTypeInAnyCaseOrWithParametersThenAccepted(String partType) {
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "multipart/related; type=application/dicom; boundary=b")
                        .withBody(multipart("b", partType, "ONE"))));

        assertThat(gateway().retrieveStudy(PATIENT, STUDY, (i, in) -> in.readAllBytes()))
                .isEqualTo(1);
    }

    @Test
    void retrieveWhenPartIsNotDicomThenBadResponse() {
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "multipart/related; type=application/dicom; boundary=b")
                        .withBody(multipart("b", "application/dicomish", "ONE"))));

        PacsException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                PacsException.class, () -> gateway().retrieveStudy(PATIENT, STUDY, (i, in) -> in.readAllBytes()));
        assertThat(e.kind()).isEqualTo(PacsException.Kind.BAD_RESPONSE);
    }

    @Test
    void retrieveAsksForTheStoredTransferSyntax() {
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "multipart/related; type=application/dicom; boundary=b")
                        .withBody(multipart("b", "application/dicom", "ONE"))));

        gateway().retrieveStudy(PATIENT, STUDY, (i, in) -> in.readAllBytes());

        pacs.verify(getRequestedFor(urlPathEqualTo("/dicom-web/studies/" + STUDY))
                .withHeader("Accept", equalTo("multipart/related; type=\"application/dicom\"; transfer-syntax=*")));
    }

    @Test
    void listInstancesWhenServerCapsEachAnswerThenPagesUntilAShortPage() {
        stubSeries();
        String path = "/dicom-web/studies/" + STUDY + "/series/" + SERIES + "/instances";
        // A server that answers at most 500 per request, whatever the limit asked for: 1,203 instances in three pages.
        pacs.stubFor(
                get(urlPathEqualTo(path)).withQueryParam("offset", absent()).willReturn(json(instances(1, 500))));
        pacs.stubFor(get(urlPathEqualTo(path))
                .withQueryParam("offset", equalTo("500"))
                .willReturn(json(instances(501, 1000))));
        pacs.stubFor(get(urlPathEqualTo(path))
                .withQueryParam("offset", equalTo("1000"))
                .willReturn(json(instances(1001, 1203))));

        List<Instance> listed = gateway().listInstances(PATIENT, STUDY, SERIES);

        assertThat(listed).hasSize(1203);
        assertThat(listed.getLast().instanceNumber()).isEqualTo(1203);
        assertThat(listed.stream().map(Instance::sopInstanceUid).distinct()).hasSize(1203);
        pacs.verify(getRequestedFor(urlPathEqualTo(path)).withQueryParam("limit", equalTo("500")));
    }

    @Test
    void listInstancesWhenServerIgnoresOffsetThenStopsWithoutRepeats() {
        stubSeries();
        String path = "/dicom-web/studies/" + STUDY + "/series/" + SERIES + "/instances";
        pacs.stubFor(get(urlPathEqualTo(path)).willReturn(json(instances(1, 500))));

        List<Instance> listed = gateway().listInstances(PATIENT, STUDY, SERIES);

        assertThat(listed).hasSize(500);
        pacs.verify(2, getRequestedFor(urlPathEqualTo(path)));
    }

    private void stubSeries() {
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY + "/series"))
                .willReturn(json("[{\"0020000E\": {\"vr\": \"UI\", \"Value\": [\"" + SERIES + "\"]}}]")));
    }

    private static String instances(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(n -> "{\"00080018\": {\"vr\": \"UI\", \"Value\": [\"" + SERIES + "." + n + "\"]},"
                        + "\"00200013\": {\"vr\": \"IS\", \"Value\": [" + n + "]}}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static String multipart(String boundary, String partType, String... contents) {
        StringBuilder body = new StringBuilder();
        for (String content : contents) {
            body.append("--")
                    .append(boundary)
                    .append("\r\nContent-Type: ")
                    .append(partType)
                    .append("\r\n\r\n")
                    .append(content)
                    .append("\r\n");
        }
        return body.append("--").append(boundary).append("--\r\n").toString();
    }

    private DicomWebPacsGateway gateway() {
        return new DicomWebPacsGateway(TestPacsProperties.forBaseUrl(URI.create(pacs.baseUrl() + "/dicom-web")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/dicom+json").withBody(body);
    }
}
