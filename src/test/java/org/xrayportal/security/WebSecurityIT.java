package org.xrayportal.security;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
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
    void signInWhenNoCsrfTokenThenForbidden() throws Exception {
        mvc.perform(post("/login").param("email", "anyone@example.test").param("password", "whatever"))
                .andExpect(status().isForbidden());
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
