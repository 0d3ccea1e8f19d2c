package org.xrayportal.imaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xrayportal.shared.PatientIdentity;

/**
 * A PACS over HTTPS with a certificate of its own (not from a public authority): trusted through {@code
 * portal.pacs.tls.trust-store} by both of the gateway's HTTP clients (searches and streamed retrieves), refused
 * without it.
 */
class PacsTlsTest {

    private static final PatientIdentity PATIENT = PatientIdentity.of("1001");
    private static final String STUDY = "1.2.3.4";
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private static WireMockServer pacs;
    private static Path trustStore;

    @BeforeAll
    static void start() throws Exception {
        Path keyStore = dir.resolve("pacs.p12");
        Path certificate = dir.resolve("pacs.crt");
        trustStore = dir.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "pacs",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore",
                keyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "pacs",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD,
                "-rfc",
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "pacs",
                "-file",
                certificate.toString(),
                "-keystore",
                trustStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD);
        pacs = new WireMockServer(wireMockConfig()
                .httpDisabled(true)
                .dynamicHttpsPort()
                .keystorePath(keyStore.toString())
                .keystorePassword(PASSWORD)
                .keyManagerPassword(PASSWORD)
                .keystoreType("PKCS12"));
        pacs.start();
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/dicom+json")
                        .withBody("[{\"00100020\": {\"vr\": \"LO\", \"Value\": [\"1001\"]},"
                                + "\"0020000D\": {\"vr\": \"UI\", \"Value\": [\"" + STUDY + "\"]}}]")));
        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies/" + STUDY))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b1")
                        .withBody("--b1\r\n\r\nONE\r\n--b1\r\n\r\nTWO\r\n--b1--\r\n")));
    }

    @AfterAll
    static void stop() {
        if (pacs != null) {
            pacs.stop();
        }
    }

    @Test
    void searchAndRetrieveWhenTheTrustStoreHoldsThePacsCertificateThenBothSucceed() {
        DicomWebPacsGateway gateway =
                new DicomWebPacsGateway(properties(new PacsProperties.Tls(trustStore, PASSWORD, "PKCS12")));
        assertThat(gateway.searchStudies(PATIENT, DateRange.ANY))
                .extracting(Study::studyInstanceUid)
                .containsExactly(STUDY);
        List<String> parts = new ArrayList<>();
        assertThat(gateway.retrieveStudy(PATIENT, STUDY, (i, in) -> parts.add(new String(in.readAllBytes()))))
                .isEqualTo(2);
        assertThat(parts).containsExactly("ONE", "TWO");
    }

    @Test
    void searchWhenNoTrustStoreThenTheUnknownCertificateIsRefused() {
        DicomWebPacsGateway gateway = new DicomWebPacsGateway(properties(null));
        PacsException e =
                catchThrowableOfType(PacsException.class, () -> gateway.searchStudies(PATIENT, DateRange.ANY));
        assertThat(e.kind()).isEqualTo(PacsException.Kind.UNAVAILABLE);
    }

    @Test
    void retrieveWhenNoTrustStoreThenTheUnknownCertificateIsRefused() {
        // The search is trusted, the retrieve's own connection is not: the streamed client must check the certificate.
        DicomWebPacsGateway trusted =
                new DicomWebPacsGateway(properties(new PacsProperties.Tls(trustStore, PASSWORD, "PKCS12")));
        DicomWebClient untrusted = new DicomWebClient(properties(null));
        assertThat(trusted.searchStudies(PATIENT, DateRange.ANY)).hasSize(1);
        PacsException e = catchThrowableOfType(
                PacsException.class,
                () -> untrusted.stream(
                        "studies/" + STUDY, DicomWebPacsGateway.DICOM_MULTIPART, (type, body) -> body.readAllBytes()));
        assertThat(e.kind()).isEqualTo(PacsException.Kind.UNAVAILABLE);
        assertThat(e).hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    private static PacsProperties properties(PacsProperties.Tls tls) {
        return TestPacsProperties.of(URI.create("https://localhost:" + pacs.httpsPort() + "/dicom-web"))
                .tls(tls)
                .timeouts(Duration.ofMillis(2000), Duration.ofMillis(5000))
                .retry(new PacsProperties.Retry(1, Duration.ofMillis(1)))
                .build();
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
