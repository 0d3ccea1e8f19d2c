package org.xrayportal.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import org.jsoup.Jsoup;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalWebMvcTest;

/** The admin's sharing controls through the web layer alone: who may reach them, CSRF, the choices offered. */
@PortalWebMvcTest(AdminSharingController.class)
class AdminSharingControllerTest {

    private static final PortalUser ADMIN = PortalUser.of(9, "ada@example.test", "Ada", Role.ADMIN, true, null);
    private static final PortalUser PATIENT = PortalUser.of(7, "ana@example.test", "Ana", Role.PATIENT, true, null);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SharingControls controls;

    @Test
    void pageShowsTheCurrentControls() throws Exception {
        when(controls.current())
                .thenReturn(new SharingSettings(
                        true, Duration.ofDays(3), SharingSettings.Download.FORBIDDEN, SecondFactor.BIRTH_DATE));

        mvc.perform(get("/admin/sharing").with(user(ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<h1>Patients sharing images</h1>")))
                .andExpect(
                        content().string(containsString("<option value=\"3d\" selected=\"selected\">3 days</option>")))
                .andExpect(content()
                        .string(containsString(
                                "value=\"FORBIDDEN\" id=\"download3\" name=\"download\" checked=\"checked\"")))
                .andExpect(
                        content()
                                .string(
                                        containsString(
                                                "value=\"BIRTH_DATE\" id=\"secondFactor2\" name=\"secondFactor\" checked=\"checked\"")));
    }

    @Test
    void pageWhenAdminThenTheMainMenuReachesAccountsSharingAndOutgoingEmailToo() throws Exception {
        when(controls.current())
                .thenReturn(new SharingSettings(
                        true, Duration.ofDays(3), SharingSettings.Download.FORBIDDEN, SecondFactor.BIRTH_DATE));

        String html = mvc.perform(get("/admin/sharing").with(user(ADMIN)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        // Plain links in the labelled navigation landmark: reachable by Tab and listed by a screen reader's links list.
        Elements links = Jsoup.parse(html).select("nav.site-nav[aria-label=Main] > ul > li > a[href]");
        assertThat(links.stream().map(a -> a.attr("href") + " " + a.text()))
                .containsExactly(
                        "/admin Home",
                        "/admin/audit Audit trail",
                        "/admin/audit/downloads Downloads",
                        "/admin/audit/integrity Verify trail",
                        "/admin/consent Terms of access",
                        "/admin/texts Notice and help",
                        "/admin/accounts Accounts",
                        "/admin/sharing Sharing",
                        "/admin/mail Outgoing email");
        assertThat(links.stream()
                        .filter(a -> a.hasAttr("aria-current"))
                        .map(a -> a.attr("href") + " " + a.attr("aria-current")))
                .as("only the page being shown is marked")
                .containsExactly("/admin/sharing page");
    }

    @Test
    void saveWhenValidThenChangedAndRedirected() throws Exception {
        mvc.perform(post("/admin/sharing")
                        .with(user(ADMIN))
                        .with(csrf())
                        .param("_enabled", "on")
                        .param("maxExpiry", "1d")
                        .param("download", "FORBIDDEN")
                        .param("secondFactor", "PASSCODE"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/admin/sharing"));
        verify(controls)
                .change(
                        any(),
                        eq(new SharingSettings(
                                false, Duration.ofDays(1), SharingSettings.Download.FORBIDDEN, SecondFactor.PASSCODE)));
    }

    @Test
    void saveWhenAChoiceIsNotOneOfferedThenFormAgainWith422() throws Exception {
        mvc.perform(post("/admin/sharing")
                        .with(user(ADMIN))
                        .with(csrf())
                        .param("enabled", "true")
                        .param("maxExpiry", "90d")
                        .param("download", "ALWAYS")
                        .param("secondFactor", "PASSCODE"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content()
                        .string(containsString("<a href=\"#maxExpiry\">Please choose one of the options offered.</a>")))
                .andExpect(content()
                        .string(containsString("<a href=\"#download\">Please choose one of the options offered.</a>")));
        verify(controls, never()).change(any(), any());
    }

    @Test
    void saveWhenOnOffIsNotABooleanThenBadRequest() throws Exception {
        mvc.perform(post("/admin/sharing")
                        .with(user(ADMIN))
                        .with(csrf())
                        .param("enabled", "maybe")
                        .param("maxExpiry", "1d")
                        .param("download", "FORBIDDEN")
                        .param("secondFactor", "PASSCODE"))
                .andExpect(status().isBadRequest());
        verify(controls, never()).change(any(), any());
    }

    @Test
    void notAdminOrNoCsrfThenForbidden() throws Exception {
        mvc.perform(get("/admin/sharing").with(user(PATIENT))).andExpect(status().isForbidden());
        mvc.perform(post("/admin/sharing").with(user(ADMIN)).param("maxExpiry", "1d"))
                .andExpect(status().isForbidden());
        verify(controls, never()).change(any(), any());
    }
}
