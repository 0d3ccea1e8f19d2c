package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;
import static org.xrayportal.viewer.ViewerFixtures.PASSWORD;
import static org.xrayportal.viewer.ViewerFixtures.study;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.xrayportal.access.AccessScope;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.support.PortalBrowser;
import org.xrayportal.support.PortalWithPacsTest;

/**
 * Issue 11, item 10: restored tabs. Eight study pages of one session requested at the same moment, right after sign-in
 * (when the session has none of the viewer's attributes yet), all answer with the study page; none with an error.
 */
@PortalWithPacsTest(webEnvironment = RANDOM_PORT)
@Import(ViewerFixtures.class)
class ConcurrentStudyPagesIT {

    private static final List<String> STUDIES =
            List.of(study("mueller-knee-2024"), study("mueller-hand-2023"), study("mueller-chest-2021"));

    @LocalServerPort
    int port;

    @Autowired
    ViewerFixtures fixtures;

    @Test
    void eightStudyPagesOpenedAtOnceAfterSignInThenEightStudyPages() throws Exception {
        PortalUser patient = fixtures.consentingPatient(DemoStudies.MUELLER);
        fixtures.grant(patient, AccessScope.allStudies(), null);
        PortalBrowser browser = new PortalBrowser(port);
        assertThat(browser.signIn(patient.email(), PASSWORD).redirectsTo("/patient"))
                .isTrue();
        String cookie = "PORTALSESSION=" + browser.cookie("PORTALSESSION");

        try (HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<HttpResponse<String>>> pages = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String path = "/patient/studies/" + STUDIES.get(i % STUDIES.size());
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Cookie", cookie)
                        .GET()
                        .build();
                pages.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                        return http.send(request, HttpResponse.BodyHandlers.ofString());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            start.countDown();
            for (int i = 0; i < pages.size(); i++) {
                HttpResponse<String> page = pages.get(i).get();
                assertThat(page.statusCode()).as("page %d", i).isEqualTo(200);
                assertThat(page.body())
                        .as("page %d", i)
                        .contains("id=\"viewer-image\"", STUDIES.get(i % STUDIES.size()))
                        .doesNotContain("Apache Tomcat");
            }
        }
    }
}
