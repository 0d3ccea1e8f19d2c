package org.xrayportal.security;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.xrayportal.support.PortalIntegrationTest;

/** URL rules per role, CSRF and the response headers of DESIGN.md invariant 6. */
@PortalIntegrationTest
@AutoConfigureMockMvc
class WebSecurityIT {

    @Autowired
    MockMvc mvc;

    @ParameterizedTest
    @CsvSource({
        "PATIENT, /patient, 200",
        "PATIENT, /staff, 403",
        "PATIENT, /admin, 403",
        "STAFF, /patient, 403",
        "STAFF, /staff, 200",
        "STAFF, /admin, 403",
        "ADMIN, /patient, 403",
        "ADMIN, /staff, 403",
        "ADMIN, /admin, 200"
    })
    void homePageWhenSignedInThenOnlyTheOwnRoleGetsIn(Role role, String page, int expected) throws Exception {
        mvc.perform(get(page).with(as(role)).accept(MediaType.TEXT_HTML)).andExpect(status().is(expected));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rootWhenSignedInThenRedirectsToTheRolesHomePage(Role role) throws Exception {
        mvc.perform(get("/").with(as(role))).andExpect(redirectedUrl(HomePages.of(role)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/patient", "/staff", "/admin", "/no-such-page"})
    void pageWhenAnonymousThenRedirectedToSignIn(String page) throws Exception {
        mvc.perform(get(page).accept(MediaType.TEXT_HTML))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login"));
    }

    @Test
    void signInPageWhenAnonymousThenOkWithSecurityHeaders() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(status().isOk())
                .andExpect(header().string(
                                "Content-Security-Policy",
                                allOf(
                                        containsString("default-src 'self'"),
                                        containsString("frame-ancestors 'none'"),
                                        containsString("object-src 'none'"))))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Referrer-Policy", "no-referrer"))
                .andExpect(header().string("Cache-Control", containsString("no-store")))
                .andExpect(header().string("X-Frame-Options", "DENY"));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void homePageWhenSignedInThenNotCached(Role role) throws Exception {
        mvc.perform(get(HomePages.of(role)).with(as(role)))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", containsString("no-store")))
                .andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")));
    }

    @Test
    void signOutWhenNoCsrfTokenThenForbidden() throws Exception {
        mvc.perform(post("/logout").with(as(Role.PATIENT))).andExpect(status().isForbidden());
    }

    @Test
    void signOutWhenInvalidCsrfTokenThenForbidden() throws Exception {
        mvc.perform(post("/logout").with(as(Role.PATIENT)).with(csrf().useInvalidToken()))
                .andExpect(status().isForbidden());
    }

    @Test
    void signInWhenNoCsrfTokenThenBackToSignInSayingTheSessionEnded() throws Exception {
        mvc.perform(post("/login").param("email", "anyone@example.test").param("password", "whatever"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login?expired"));
    }

    @Test
    void signInWhenInvalidCsrfTokenThenBackToSignInSayingTheSessionEnded() throws Exception {
        mvc.perform(post("/login")
                        .param("email", "anyone@example.test")
                        .param("password", "whatever")
                        .with(csrf().useInvalidToken()))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login?expired"))
                .andExpect(unauthenticated());
    }

    @Test
    void signInPageWhenExpiredThenCalmMessage() throws Exception {
        mvc.perform(get("/login").param("expired", ""))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Your session has ended. Please sign in again.")));
    }

    @Test
    void patientFormWhenInvalidCsrfTokenThenForbiddenPageSayingTheFormWasNotSent() throws Exception {
        mvc.perform(post("/patient/studies/1.2.3/consultations")
                        .param("question", "Is it broken?")
                        .with(as(Role.PATIENT))
                        .with(csrf().useInvalidToken()))
                .andExpect(status().isForbidden())
                .andExpect(request().attribute(ExpiredFormHandler.EXPIRED_FORM, true));
    }

    @Test
    void patientFormWhenSignedOutAndNoCsrfTokenThenSignInSayingTheSessionEnded() throws Exception {
        mvc.perform(post("/patient/studies/1.2.3/consultations").param("question", "Is it broken?"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login?expired"));
    }

    @Test
    void accessWhenRoleMissingThenPlainForbiddenPage() throws Exception {
        mvc.perform(get("/staff").with(as(Role.PATIENT)))
                .andExpect(status().isForbidden())
                .andExpect(request().attribute(ExpiredFormHandler.EXPIRED_FORM, nullValue()));
    }

    @Test
    void sharePasscodeWhenInvalidCsrfTokenThenBackToThePasscodePage() throws Exception {
        String token = "A".repeat(32);
        mvc.perform(post("/s/" + token).param("passcode", "ABCD-EFGH").with(csrf().useInvalidToken()))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/s/" + token + "?expired"));
        mvc.perform(get("/s/" + token).param("expired", ""))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(containsString("The page was open too long; please enter the passcode again.")));
    }

    @Test
    void shareRecipientFormWhenInvalidCsrfTokenThenForbiddenPageForARecipientNotSignIn() throws Exception {
        mvc.perform(post("/s/view/leave").with(csrf().useInvalidToken()))
                .andExpect(status().isForbidden())
                .andExpect(request().attribute(ExpiredFormHandler.EXPIRED_FORM, true))
                .andExpect(request().attribute(ExpiredFormHandler.SHARE_RECIPIENT, true));
        mvc.perform(post("/patient/studies/1.2.3/consultations")
                        .param("question", "Is it broken?")
                        .with(as(Role.PATIENT))
                        .with(csrf().useInvalidToken()))
                .andExpect(request().attribute(ExpiredFormHandler.SHARE_RECIPIENT, nullValue()));
    }

    @Test
    void signOutWhenCsrfTokenThenRedirectedToSignIn() throws Exception {
        mvc.perform(post("/logout").with(as(Role.PATIENT)).with(csrf()))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login?signedOut"));
    }

    /** A signed-in person of the role, without an account row (pages here do not read one). */
    private static RequestPostProcessor as(Role role) {
        // No password hash, so it could not sign in by the form; the test puts it in the session directly.
        return user(PortalUser.of(
                1000 + role.ordinal(), role.name().toLowerCase() + "@example.test", "Test " + role, role, false, null));
    }
}
