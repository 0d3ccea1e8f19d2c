package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.xrayportal.support.PortalIntegrationTest;

/**
 * Pages declare the language they are written in, whatever the browser asks for (issue 16): English or Spanish, from
 * the switcher's cookie, else the browser's preference, else English; {@code <html lang>} and
 * {@code Content-Language} always name the language actually rendered.
 */
@PortalIntegrationTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
class LanguageIT {

    private static final String COOKIE = "portal-language";

    @Autowired
    MockMvc mvc;

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = {"de-DE,de;q=0.9", "xx", "en-GB", "*", "fr-CA;q=0.5, ja", "zz-!!", "en-US,es;q=0.5"})
    void pageWhenBrowserAsksForAnUnsupportedOrEnglishLanguageThenEnglishSaysSo(String acceptLanguage) throws Exception {
        Document page = page(mvc.perform(get("/login").header("Accept-Language", acceptLanguage))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Language", "en"))
                .andReturn());

        assertThat(page.selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(page.selectFirst("h1").text()).isEqualTo("Sign in");
    }

    @ParameterizedTest
    @ValueSource(strings = {"es", "es-ES", "es-MX,es;q=0.9,en;q=0.8", "de-DE,es;q=0.8,en;q=0.5"})
    void pageWhenBrowserPrefersSpanishThenSpanishSaysSo(String acceptLanguage) throws Exception {
        Document page = page(mvc.perform(get("/login").header("Accept-Language", acceptLanguage))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Language", "es"))
                .andReturn());

        assertThat(page.selectFirst("html").attr("lang")).isEqualTo("es");
        assertThat(page.selectFirst("h1").text()).isEqualTo("Iniciar sesión");
        assertThat(page.select(".language-switcher button[aria-pressed=true]").attr("value"))
                .isEqualTo("es");
    }

    @Test
    void switcherWhenSpanishChosenThenPageInSpanishAndChoiceRememberedOverTheBrowser() throws Exception {
        MvcResult chosen = mvc.perform(get("/login").param("lang", "es").header("Accept-Language", "en-US"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Language", "es"))
                .andExpect(cookie().value(COOKIE, "es"))
                .andExpect(cookie().path(COOKIE, "/"))
                .andExpect(cookie().httpOnly(COOKIE, true))
                .andReturn();
        assertThat(page(chosen).selectFirst("h1").text()).isEqualTo("Iniciar sesión");
        assertThat(chosen.getResponse().getHeader("Set-Cookie")).contains("SameSite=Lax", "Max-Age=31536000");

        Document later = page(
                mvc.perform(get("/help/images").cookie(new Cookie(COOKIE, "es")).header("Accept-Language", "en-US"))
                        .andExpect(status().isOk())
                        .andExpect(header().string("Content-Language", "es"))
                        .andReturn());
        assertThat(later.selectFirst("html").attr("lang")).isEqualTo("es");
        assertThat(later.selectFirst("h1").text()).isEqualTo("Sobre sus imágenes");
    }

    @Test
    void switcherWhenThePageAnsweredAFormThenItGoesHomeInsteadOfAskingAFormAddressForAGet() throws Exception {
        Document asked = page(mvc.perform(get("/register")).andReturn());
        Document answered = page(mvc.perform(post("/register").with(csrf()).param("email", "not-an-address"))
                .andExpect(status().isUnprocessableContent())
                .andReturn());

        // No address, or an empty one: HTML sends the form to the page's own address either way.
        assertThat(asked.selectFirst("form.language-switcher").attr("action")).isEmpty();
        assertThat(answered.selectFirst("form.language-switcher").attr("action"))
                .isEqualTo("/");
        assertThat(answered.select("form.language-switcher input[name=_csrf]")).isEmpty();
    }

    @Test
    void switcherWhenEnglishChosenThenOverridesASpanishBrowser() throws Exception {
        Document page = page(mvc.perform(get("/login").param("lang", "en").header("Accept-Language", "es-ES"))
                .andExpect(header().string("Content-Language", "en"))
                .andExpect(cookie().value(COOKIE, "en"))
                .andReturn());
        assertThat(page.selectFirst("html").attr("lang")).isEqualTo("en");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xx", "de", "", "es-<script>", "e"})
    void switcherWhenLanguageUnsupportedThenIgnoredAndNothingRemembered(String lang) throws Exception {
        mvc.perform(get("/login").param("lang", lang).header("Accept-Language", "en"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Language", "en"))
                .andExpect(cookie().doesNotExist(COOKIE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "xx", "", "es-ES-invalid-%%"})
    void cookieWhenUnsupportedThenBrowserPreferenceDecides(String value) throws Exception {
        mvc.perform(get("/login").cookie(new Cookie(COOKIE, value)).header("Accept-Language", "es"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Language", "es"));
        mvc.perform(get("/login").cookie(new Cookie(COOKIE, value)).header("Accept-Language", "de"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Language", "en"));
    }

    /** Error pages are rendered on the container's error dispatch, so this one goes through a real server. */
    @ParameterizedTest
    @ValueSource(strings = {"es", "en"})
    void errorPageWhenLanguageChosenThenInThatLanguage(String lang) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/help/no-such-page"))
                                .header("Cookie", COOKIE + "=" + lang)
                                .header("Accept-Language", "de-DE")
                                .header("Accept", "text/html")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Language")).hasValue(lang);
        Document page = Jsoup.parse(response.body());
        assertThat(page.selectFirst("html").attr("lang")).isEqualTo(lang);
        assertThat(page.selectFirst("h1").text())
                .isEqualTo(lang.equals("es") ? "No hemos encontrado esa página" : "We could not find that page");
    }

    private static Document page(MvcResult result) throws Exception {
        return Jsoup.parse(result.getResponse().getContentAsString());
    }
}
