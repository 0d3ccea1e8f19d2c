package org.xrayportal.account.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.xrayportal.account.Account;
import org.xrayportal.account.AccountService;
import org.xrayportal.audit.AuditUnavailableException;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalIntegrationTest;
import org.xrayportal.support.TestPostgres;

/** Sign-in, failed sign-in and sign-out each leave exactly one PS3.15 "User Authentication" row, or nobody gets in. */
@PortalIntegrationTest
@AutoConfigureMockMvc
class AuthenticationAuditIT {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String CLIENT = "203.0.113.7";

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountService accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestPostgres.Database testDatabase;

    @Test
    void signInWhenPasswordIsRightThenOneSuccessRowAndHomePage() throws Exception {
        Account patient = newAccount(Role.PATIENT);
        long before = lastSequence();

        mvc.perform(signIn(patient.email(), PASSWORD))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/patient"))
                .andExpect(authenticated().withUsername(patient.email()));

        List<Map<String, Object>> rows = rowsAfter(before);
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst())
                .containsEntry("action", "SIGN_IN")
                .containsEntry("action_code", "110114")
                .containsEntry("outcome", 0)
                .containsEntry("actor_id", patient.id())
                .containsEntry("actor_name", patient.email())
                .containsEntry("actor_role", "PATIENT")
                .containsEntry("client_address", CLIENT);
    }

    @Test
    void signInWhenPasswordIsWrongThenOneFailureRowWithTheAttemptedName() throws Exception {
        Account staff = newAccount(Role.STAFF);
        long before = lastSequence();

        mvc.perform(signIn(staff.email(), "not the password"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login?error"))
                .andExpect(unauthenticated());

        List<Map<String, Object>> rows = rowsAfter(before);
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst())
                .containsEntry("action", "SIGN_IN_FAILED")
                .containsEntry("action_code", "110114")
                .containsEntry("outcome", 4)
                .containsEntry("actor_id", null)
                .containsEntry("actor_name", staff.email())
                .containsEntry("actor_role", null)
                .containsEntry("client_address", CLIENT)
                .containsEntry("details", "{\"reason\":\"bad-credentials\"}");
    }

    @Test
    void signInWhenEmailIsUnknownThenOneFailureRowIndistinguishableFromWrongPassword() throws Exception {
        String unknown = "nobody-" + UUID.randomUUID() + "@example.test";
        long before = lastSequence();

        mvc.perform(signIn(unknown, PASSWORD))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login?error"))
                .andExpect(unauthenticated());

        List<Map<String, Object>> rows = rowsAfter(before);
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst())
                .containsEntry("action", "SIGN_IN_FAILED")
                .containsEntry("action_code", "110114")
                .containsEntry("outcome", 4)
                .containsEntry("actor_id", null)
                .containsEntry("actor_name", unknown)
                .containsEntry("client_address", CLIENT)
                .containsEntry("details", "{\"reason\":\"bad-credentials\"}");
    }

    @Test
    void signInWhenFormLoginAsAdminThenSecondFactorFirstAndNoSignInRowYet() throws Exception {
        // Admins must give a second factor (issue 4): the password alone grants no role and is not yet a sign-in;
        // the SIGN_IN row after the second factor is covered by SecondFactorIT.
        Account admin = newAccount(Role.ADMIN);
        long before = lastSequence();

        mvc.perform(formLogin("/login")
                        .userParameter("email")
                        .user(admin.email())
                        .password(PASSWORD))
                .andExpect(redirectedUrl("/login/mfa/enrol"))
                .andExpect(authenticated()
                        .withAuthorities(java.util.List.of(
                                new org.springframework.security.core.authority.SimpleGrantedAuthority(
                                        "MFA_PENDING"))));

        assertThat(rowsAfter(before)).isEmpty();
    }

    @Test
    void signInWhenFormLoginAsPatientThenPatientHomeAndOneRow() throws Exception {
        Account patient = newAccount(Role.PATIENT);
        long before = lastSequence();

        mvc.perform(formLogin("/login")
                        .userParameter("email")
                        .user(patient.email())
                        .password(PASSWORD))
                .andExpect(redirectedUrl("/patient"))
                .andExpect(authenticated().withRoles("PATIENT"));

        assertThat(rowsAfter(before))
                .singleElement()
                .satisfies(row ->
                        assertThat(row).containsEntry("action", "SIGN_IN").containsEntry("actor_role", "PATIENT"));
    }

    @Test
    void signInWhenABookmarkedStudyWasAskedForThenThatStudyOpens() throws Exception {
        Account patient = newAccount(Role.PATIENT);
        Cookie[] browser = mvc.perform(
                        get("/patient/studies/1.2.826.0.1.3680043.8.498.1").queryParam("series", "2"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login"))
                .andReturn()
                .getResponse()
                .getCookies();

        mvc.perform(signIn(patient.email(), PASSWORD).cookie(browser))
                .andExpect(redirectedUrl("/patient/studies/1.2.826.0.1.3680043.8.498.1?series=2"))
                .andExpect(authenticated().withRoles("PATIENT"));
    }

    @Test
    void signInWhenTheSavedPageBelongsToAnotherRoleThenTheOwnHomePage() throws Exception {
        Account patient = newAccount(Role.PATIENT);
        Cookie[] browser = mvc.perform(get("/staff/requests"))
                .andExpect(status().isFound())
                .andReturn()
                .getResponse()
                .getCookies();

        mvc.perform(signIn(patient.email(), PASSWORD).cookie(browser))
                .andExpect(redirectedUrl("/patient"))
                .andExpect(authenticated().withRoles("PATIENT"));
    }

    @Test
    void signOutWhenSignedInThenOneSignOutRowAndSessionEnds() throws Exception {
        // A patient: staff would first need a second factor, which SecondFactorIT covers.
        Account staff = newAccount(Role.PATIENT);
        Cookie session = signedInSession(staff);
        mvc.perform(get("/patient").cookie(session)).andExpect(status().isOk());
        long before = lastSequence();

        mvc.perform(post("/logout").cookie(session).with(csrf()).with(from(CLIENT)))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/login?signedOut"));

        List<Map<String, Object>> rows = rowsAfter(before);
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst())
                .containsEntry("action", "SIGN_OUT")
                .containsEntry("action_code", "110114")
                .containsEntry("outcome", 0)
                .containsEntry("actor_id", staff.id())
                .containsEntry("actor_name", staff.email())
                .containsEntry("actor_role", "PATIENT")
                .containsEntry("client_address", CLIENT);
        mvc.perform(get("/patient").cookie(session)).andExpect(status().isFound());
    }

    @Test
    void signInWhenAuditCannotBeWrittenThenNotSignedInAndNoSessionKept() throws Exception {
        Account patient = newAccount(Role.PATIENT);
        long before = lastSequence();
        var owner = JdbcClient.create(testDatabase.asOwner());
        String appRole = testDatabase.roles().appRole();
        owner.sql("REVOKE INSERT ON audit_event FROM " + appRole).update();
        Throwable failure;
        try {
            failure = catchThrowable(() -> mvc.perform(signIn(patient.email(), PASSWORD)));
        } finally {
            owner.sql("GRANT INSERT ON audit_event TO " + appRole).update();
        }

        // MockMvc has no error page dispatch, so the exception itself arrives here; a browser gets the 5xx page.
        assertThat(failure).isInstanceOf(AuditUnavailableException.class);
        assertThat(sessionsOf(patient.email())).isZero();
        assertThat(rowsAfter(before)).isEmpty();
    }

    @Test
    void signOutWhenAuditCannotBeWrittenThenSignedOutAnyway() throws Exception {
        Account patient = newAccount(Role.PATIENT);
        Cookie session = signedInSession(patient);
        long before = lastSequence();
        var owner = JdbcClient.create(testDatabase.asOwner());
        String appRole = testDatabase.roles().appRole();
        owner.sql("REVOKE INSERT ON audit_event FROM " + appRole).update();
        try {
            mvc.perform(post("/logout").cookie(session).with(csrf()))
                    .andExpect(status().isFound())
                    .andExpect(redirectedUrl("/login?signedOut"));
        } finally {
            owner.sql("GRANT INSERT ON audit_event TO " + appRole).update();
        }

        assertThat(rowsAfter(before)).isEmpty();
        mvc.perform(get("/patient").cookie(session)).andExpect(status().isFound());
        assertThat(sessionsOf(patient.email())).isZero();
    }

    /** Signs in and returns the session cookie (its name depends on the servlet environment). */
    private Cookie signedInSession(Account account) throws Exception {
        Cookie[] cookies = mvc.perform(signIn(account.email(), PASSWORD))
                .andExpect(authenticated())
                .andReturn()
                .getResponse()
                .getCookies();
        assertThat(cookies).hasSize(1);
        return cookies[0];
    }

    private long sessionsOf(String email) {
        return jdbc.sql("SELECT count(*) FROM spring_session WHERE principal_name = ?")
                .param(email)
                .query(Long.class)
                .single();
    }

    private Account newAccount(Role role) {
        String email = role.name().toLowerCase() + "-" + UUID.randomUUID() + "@example.test";
        return accounts.create(email, "Test " + role, role, PASSWORD);
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder signIn(
            String email, String password) {
        return post("/login")
                .param("email", email)
                .param("password", password)
                .with(csrf())
                .with(from(CLIENT));
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    private long lastSequence() {
        return jdbc.sql("SELECT coalesce(max(sequence), 0) FROM audit_event")
                .query(Long.class)
                .single();
    }

    private List<Map<String, Object>> rowsAfter(long sequence) {
        return jdbc.sql("""
                        SELECT action, action_code, outcome::int AS outcome, actor_id, actor_name, actor_role,
                            client_address, details
                        FROM audit_event WHERE sequence > ? ORDER BY sequence
                        """).param(sequence).query().listOfRows();
    }
}
