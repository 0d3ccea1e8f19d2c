package org.xrayportal.account.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.security.Role;
import org.xrayportal.support.AccountFlowTest;
import org.xrayportal.support.PortalBrowser;
import org.xrayportal.support.TestTotp;

class SecondFactorIT extends AccountFlowTest {

    private static final Pattern RECOVERY = Pattern.compile("class=\"recovery-code\">([A-Z0-9-]+)<");

    @Autowired
    JdbcClient jdbc;

    @Test
    void staffWhenFirstSignInThenMustEnrolAndLaterSignInsNeedTheCode() {
        accounts.create("mfa-staff@example.test", "Mia Staff", Role.STAFF, PASSWORD);
        PortalBrowser first = browser();
        assertThat(first.signIn("mfa-staff@example.test", PASSWORD).redirectsTo("/login/mfa/enrol"))
                .isTrue();
        assertThat(first.get("/staff").status())
                .as("no role before the second factor")
                .isEqualTo(403);
        assertThat(first.get("/account").status()).isEqualTo(403);

        var enrolPage = first.get("/login/mfa/enrol");
        assertThat(enrolPage.body()).contains("data:image/svg+xml;base64,");
        // Not signed in yet: the header says the sign-in is under way, and offers no account page.
        assertThat(org.jsoup.Jsoup.parse(enrolPage.body())
                        .selectFirst(".who-name")
                        .text())
                .isEqualTo("Signing in as Mia Staff");
        String secret = TestTotp.secretOn(enrolPage.body());
        var wrong = first.post("/login/mfa/enrol", Map.of("code", "000000"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.body()).contains("This code is not right.");
        assertThat(TestTotp.secretOn(wrong.body())).isEqualTo(secret);

        var codesPage = first.post("/login/mfa/enrol", Map.of("code", TestTotp.code(secret, 0)));
        assertThat(codesPage.status()).isEqualTo(200);
        var recovery = RECOVERY.matcher(codesPage.body());
        assertThat(recovery.find()).isTrue();
        String recoveryCode = recovery.group(1);
        assertThat(first.get("/staff").status()).isEqualTo(200);

        PortalBrowser second = browser();
        assertThat(second.signIn("mfa-staff@example.test", PASSWORD).redirectsTo("/login/mfa"))
                .isTrue();
        assertThat(second.submit("/login/mfa", "/login/mfa", Map.of("code", "123456"))
                        .status())
                .isEqualTo(422);
        assertThat(second.post("/login/mfa", Map.of("code", TestTotp.code(secret, 1)))
                        .redirectsTo("/staff"))
                .isTrue();

        PortalBrowser third = browser();
        // A bookmarked staff page opens once both steps are done (the saved request survives the second step).
        assertThat(third.get("/staff/requests?status=SUBMITTED").redirectsTo("/login"))
                .isTrue();
        third.signIn("mfa-staff@example.test", PASSWORD);
        var replayed = third.submit("/login/mfa", "/login/mfa", Map.of("code", TestTotp.code(secret, 1)));
        assertThat(replayed.status()).as("a code is accepted once").isEqualTo(422);
        assertThat(replayed.body())
                .contains("This code has been used already. Wait for your app to show the next code")
                .doesNotContain("This code is not right");
        assertThat(third.submit("/login/mfa", "/login/mfa", Map.of("code", recoveryCode.toLowerCase()))
                        .redirectsTo("/staff/requests?status=SUBMITTED"))
                .isTrue();

        PortalBrowser fourth = browser();
        fourth.signIn("mfa-staff@example.test", PASSWORD);
        assertThat(fourth.submit("/login/mfa", "/login/mfa", Map.of("code", recoveryCode))
                        .status())
                .as("a recovery code works once")
                .isEqualTo(422);

        assertThat(count("MFA_ENROLLED")).isEqualTo(1);
        assertThat(count("MFA_VERIFIED")).isEqualTo(2);
        assertThat(count("MFA_FAILED")).isEqualTo(3);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'MFA_FAILED'"
                                + " AND details LIKE '%code-used-already%' AND actor_name = 'mfa-staff@example.test'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(count("SIGN_IN")).isEqualTo(3);
    }

    @Test
    void patientWhenNotEnrolledThenSignsInWithPasswordAndMayEnrolFromAccount() {
        PortalBrowser patient = signedIn(Role.PATIENT, "mfa-patient@example.test");
        assertThat(patient.get("/account/mfa").body()).contains("does not ask for a second step yet");
        var page = patient.get("/account/mfa/enrol");
        String secret = TestTotp.secretOn(page.body());
        var done = patient.post("/account/mfa/enrol", Map.of("code", TestTotp.code(secret, 0)));
        assertThat(done.body()).contains("Keep these recovery codes safe");

        PortalBrowser later = browser();
        assertThat(later.signIn("mfa-patient@example.test", PASSWORD).redirectsTo("/login/mfa"))
                .isTrue();
        assertThat(later.submit("/login/mfa", "/login/mfa", Map.of("code", TestTotp.code(secret, 1)))
                        .redirectsTo("/patient"))
                .isTrue();
    }

    @Test
    void codeWhenWrongFiveTimesThenThrottledLikePasswords() {
        accounts.create("mfa-guess@example.test", "Gus Guess", Role.ADMIN, PASSWORD);
        PortalBrowser browser = browser();
        browser.signIn("mfa-guess@example.test", PASSWORD);
        String secret = TestTotp.secretOn(browser.get("/login/mfa/enrol").body());
        browser.post("/login/mfa/enrol", Map.of("code", TestTotp.code(secret, 0)));

        PortalBrowser attacker = browser();
        attacker.signIn("mfa-guess@example.test", PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThat(attacker.submit("/login/mfa", "/login/mfa", Map.of("code", "00000" + i))
                            .status())
                    .isEqualTo(422);
        }
        assertThat(attacker.submit("/login/mfa", "/login/mfa", Map.of("code", TestTotp.code(secret, 1)))
                        .status())
                .as("blocked: even the right code fails")
                .isEqualTo(422);
    }

    private int count(String action) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = ? AND actor_name = 'mfa-staff@example.test'")
                .param(action)
                .query(Integer.class)
                .single();
    }
}
