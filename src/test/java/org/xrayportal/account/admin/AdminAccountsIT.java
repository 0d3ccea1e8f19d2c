package org.xrayportal.account.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.security.Role;
import org.xrayportal.support.AccountFlowTest;
import org.xrayportal.support.PortalBrowser;
import org.xrayportal.support.TestMail;

class AdminAccountsIT extends AccountFlowTest {

    private static final String CHOSEN = "the staff member's own passphrase";

    @Autowired
    JdbcClient jdbc;

    @Test
    void createStaffWhenInvitedThenOwnerChoosesPasswordByEmailAndMustEnrolMfa() {
        PortalBrowser admin = signedIn(Role.ADMIN, "admin-invites@example.test");
        var created = admin.submit(
                "/admin/accounts/new",
                "/admin/accounts",
                Map.of("email", "new-staff@example.test", "displayName", "Nia New", "role", "STAFF"));
        assertThat(created.redirectsTo("/admin/accounts")).isTrue();
        assertThat(browser().signIn("new-staff@example.test", "").redirectsTo("/login?error"))
                .isTrue();

        String link = TestMail.lastLink("new-staff@example.test", "/password/reset/");
        PortalBrowser staff = browser();
        assertThat(staff.get(link).body()).contains("Choose your password");
        assertThat(staff.post(link, Map.of("password", CHOSEN, "confirmPassword", CHOSEN))
                        .redirectsTo("/login"))
                .isTrue();
        assertThat(browser().signIn("new-staff@example.test", CHOSEN).redirectsTo("/login/mfa/enrol"))
                .isTrue();
        assertThat(accounts.findByEmail("new-staff@example.test").orElseThrow().role())
                .isEqualTo(Role.STAFF);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'ACCOUNT_CREATED'"
                                + " AND actor_name = 'admin-invites@example.test'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void createWhenInputBadThenFieldErrorsAnd422AndNothingCreated() {
        PortalBrowser admin = signedIn(Role.ADMIN, "admin-bad@example.test");
        var empty = admin.submit("/admin/accounts/new", "/admin/accounts", Map.of("role", "STAFF"));
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.body()).contains("Please fill in this field.");

        var taken = admin.submit(
                "/admin/accounts/new",
                "/admin/accounts",
                Map.of("email", "admin-bad@example.test", "displayName", "Dup", "role", "ADMIN"));
        assertThat(taken.status()).isEqualTo(422);
        assertThat(taken.body()).contains("An account with this email address already exists.");

        var patient = admin.submit(
                "/admin/accounts/new",
                "/admin/accounts",
                Map.of("email", "not-a-patient@example.test", "displayName", "Pat", "role", "PATIENT"));
        assertThat(patient.status()).isEqualTo(422);
        var bogus = admin.submit(
                "/admin/accounts/new",
                "/admin/accounts",
                Map.of("email", "not-a-patient@example.test", "displayName", "Pat", "role", "OWNER"));
        assertThat(bogus.status()).isEqualTo(422);
        assertThat(accounts.findByEmail("not-a-patient@example.test")).isEmpty();
    }

    @Test
    void disableWhenAdminDisablesThenSessionsEndAndSignInFailsUntilEnabled() {
        PortalBrowser admin = signedIn(Role.ADMIN, "admin-disables@example.test");
        PortalBrowser patient = signedIn(Role.PATIENT, "to-disable@example.test");
        long id = accounts.findByEmail("to-disable@example.test").orElseThrow().id();

        admin.get("/admin/accounts");
        assertThat(admin.post("/admin/accounts/" + id + "/disable", Map.of()).redirectsTo("/admin/accounts"))
                .isTrue();
        assertThat(patient.get("/account").redirectsTo("/login")).isTrue();
        assertThat(browser().signIn("to-disable@example.test", PASSWORD).redirectsTo("/login?error"))
                .isTrue();

        admin.get("/admin/accounts");
        admin.post("/admin/accounts/" + id + "/enable", Map.of());
        assertThat(browser().signIn("to-disable@example.test", PASSWORD).redirectsTo("/patient"))
                .isTrue();

        long adminId = accounts.findByEmail("admin-disables@example.test")
                .orElseThrow()
                .id();
        admin.get("/admin/accounts");
        assertThat(admin.post("/admin/accounts/" + adminId + "/disable", Map.of())
                        .status())
                .as("no disabling yourself")
                .isEqualTo(409);
        assertThat(admin.post("/admin/accounts/999999/disable", Map.of()).status())
                .isEqualTo(404);
    }

    @Test
    void resetMfaWhenAdminResetsThenStaffMustEnrolAgain() {
        PortalBrowser admin = signedIn(Role.ADMIN, "admin-resets@example.test");
        signedIn(Role.STAFF, "lost-phone@example.test");
        long id = accounts.findByEmail("lost-phone@example.test").orElseThrow().id();
        assertThat(browser().signIn("lost-phone@example.test", PASSWORD).redirectsTo("/login/mfa"))
                .isTrue();

        assertThat(admin.get("/admin/accounts").body()).contains("Reset second factor of lost-phone@example.test");
        assertThat(admin.post("/admin/accounts/" + id + "/reset-mfa", Map.of()).redirectsTo("/admin/accounts"))
                .isTrue();
        assertThat(browser().signIn("lost-phone@example.test", PASSWORD).redirectsTo("/login/mfa/enrol"))
                .isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'MFA_RESET'"
                                + " AND actor_name = 'admin-resets@example.test'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void adminScreensWhenStaffSignedInThenForbidden() {
        PortalBrowser staff = signedIn(Role.STAFF, "staff-not-admin@example.test");
        assertThat(staff.get("/admin/accounts").status()).isEqualTo(403);
        assertThat(staff.get("/admin/accounts/new").status()).isEqualTo(403);
    }
}
