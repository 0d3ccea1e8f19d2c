package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.jsoup.Jsoup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.support.PortalIntegrationTest;

/** Pages declare the language they are written in, whatever the browser asks for (issue 16). */
@PortalIntegrationTest
@AutoConfigureMockMvc
class LanguageIT {

    @Autowired
    MockMvc mvc;

    @ParameterizedTest
    @ValueSource(strings = {"de-DE,de;q=0.9", "xx", "en-GB", "*", "fr-CA;q=0.5, ja"})
    void pageWhenBrowserAsksForAnyLanguageThenDeclaresTheLanguageItIsWrittenIn(String acceptLanguage) throws Exception {
        String html = mvc.perform(get("/login").header("Accept-Language", acceptLanguage))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Language", "en"))
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(Jsoup.parse(html).selectFirst("html").attr("lang")).isEqualTo("en");
    }
}
