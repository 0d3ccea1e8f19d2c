package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.support.RedirectAttributesModelMap;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalWebMvcTest;

/** The page after a submit (issue 16): what happened, what comes next, one way on; once only. */
@PortalWebMvcTest(ConfirmationController.class)
class ConfirmationControllerTest {

    private static final PortalUser PATIENT = PortalUser.of(7, "ana@example.test", "Ana", Role.PATIENT, true, null);

    @Autowired
    MockMvc mvc;

    @Test
    void doneWhenRightAfterASubmitThenWhatHappenedWhatNextAndTheWayOn() throws Exception {
        Document page = page(new Confirmation("accessRequested", "access.flash.submitted", "/patient/requests"), null);

        assertThat(page.selectFirst("h1").text()).isEqualTo("Your request is sent");
        assertThat(page.title()).isEqualTo("Your request is sent - X-ray patient portal");
        assertThat(page.selectFirst("[role=status]").text())
                .isEqualTo("Your request is sent. The clinic will answer within 30 days.");
        assertThat(page.selectFirst("#done-next").text()).startsWith("Clinic staff check your request");
        assertThat(page.selectFirst("#done-continue").attr("href")).isEqualTo("/patient/requests");
        assertThat(page.selectFirst("#done-continue").text()).isEqualTo("See your requests");
    }

    @Test
    void doneWhenSpanishThenInSpanish() throws Exception {
        Document page = page(
                new Confirmation("consultationSent", "consultation.flash.sent", "/patient/studies/1.2.3#consultation"),
                new Cookie("portal-language", "es"));

        assertThat(page.selectFirst("h1").text()).isEqualTo("Su pregunta está enviada");
        assertThat(page.selectFirst("#done-continue").attr("href")).isEqualTo("/patient/studies/1.2.3#consultation");
    }

    @Test
    void doneWhenOpenedAgainWithoutASubmitThenHome() throws Exception {
        mvc.perform(get("/done").with(user(PATIENT)))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/"));
    }

    @Test
    void redirectWhenTheWayOnLeavesThePortalThenRefused() {
        var redirect = new RedirectAttributesModelMap();
        assertThat(Confirmation.redirect(redirect, "accessRequested", "access.flash.submitted", "/patient/requests"))
                .isEqualTo("redirect:/done");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Confirmation.redirect(redirect, "x", "y", "//evil.example/"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> Confirmation.redirect(redirect, "x", "y", "https://evil.example/"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Every kind of confirmation the code shows has its heading, next step and link in every language. */
    @Test
    void kindsWhenUsedInTheCodeThenWordedInEveryLanguage() throws Exception {
        Pattern use = Pattern.compile("Confirmation\\.redirect\\(\\s*\\w+,\\s*\"([A-Za-z]+)\"");
        Set<String> kinds = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source :
                    sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher matcher = use.matcher(Files.readString(source, StandardCharsets.UTF_8));
                while (matcher.find()) {
                    kinds.add(matcher.group(1));
                }
            }
        }
        assertThat(kinds)
                .containsExactlyInAnyOrder(
                        "accessRequested",
                        "accessWithdrawn",
                        "consultationSent",
                        "consentGiven",
                        "consentRenewed",
                        "consentWithdrawn",
                        "notMineReported");
        for (MessageBundles bundle : MessageBundles.all()) {
            for (String kind : kinds) {
                for (String part : List.of("heading", "next", "continue")) {
                    assertThat(bundle.messages()).as(bundle + " " + kind).containsKey("done." + kind + "." + part);
                }
            }
        }
    }

    private Document page(Confirmation confirmation, Cookie language) throws Exception {
        var request = get("/done").with(user(PATIENT)).flashAttr("confirmation", confirmation);
        if (language != null) {
            request = request.cookie(language);
        }
        return Jsoup.parse(mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }
}
