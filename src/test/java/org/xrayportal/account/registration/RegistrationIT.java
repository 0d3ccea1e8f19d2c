package org.xrayportal.account.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.account.Account;
import org.xrayportal.security.Role;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.support.AccountFlowTest;
import org.xrayportal.support.IdentityForms;
import org.xrayportal.support.PortalBrowser;
import org.xrayportal.support.TestMail;

class RegistrationIT extends AccountFlowTest {

    private static final String OWN = "my self chosen passphrase";

    @Autowired
    JdbcClient jdbc;

    @Test
    void registerWhenEmailVerifiedAndStaffLinksThenPatientGetsPastTheStatusPage() throws Exception {
        var sent = browser().submit("/register", "/register", registration("Sam Self", "self@example.test"));
        assertThat(sent.redirectsTo("/login")).isTrue();
        assertThat(browser().signIn("self@example.test", OWN).redirectsTo("/login?error"))
                .as("no sign-in before the email is verified")
                .isTrue();

        var verified = browser().get(TestMail.lastLink("self@example.test", "/register/verify/"));
        assertThat(verified.redirectsTo("/login")).isTrue();

        PortalBrowser patient = browser();
        assertThat(patient.signIn("self@example.test", OWN).redirectsTo("/patient"))
                .isTrue();
        assertThat(patient.get("/patient").redirectsTo("/patient/status")).isTrue();
        assertThat(patient.get("/patient/status").body()).contains("Clinic staff are checking your details");
        assertThat(patient.get("/account").status()).isEqualTo(200);

        Account account = accounts.findByEmail("self@example.test").orElseThrow();
        PortalBrowser staff = signedIn(Role.STAFF, "verifier-1@example.test");
        assertThat(staff.get("/staff/identity-checks").body())
                .contains("Sam Self")
                .contains("29 Feb 1984");
        var linked = IdentityForms.lookUpAndConfirm(
                staff,
                "/staff/identity-checks/" + account.id(),
                "/staff/identity-checks/" + account.id() + "/link",
                Map.of("patientId", "PAT-2001", "issuerOfPatientId", "", "noStudyYet", "true"));
        assertThat(linked.redirectsTo("/staff/identity-checks")).isTrue();

        assertThat(patient.get("/patient").status()).isEqualTo(200);
        assertThat(accounts.identityOf(account.id())).contains(new PatientIdentity("PAT-2001", null));
        assertThat(TestMail.awaitTo("self@example.test", 2).getLast().getSubject())
                .isEqualTo("Your X-ray patient portal account is ready");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action IN ('ACCOUNT_REGISTERED', 'EMAIL_VERIFIED',"
                                + " 'IDENTITY_LINKED') AND (actor_name = ? OR patient_id = 'PAT-2001')")
                        .param("self@example.test")
                        .query(Integer.class)
                        .single())
                .isEqualTo(3);
    }

    @Test
    void registerWhenTheBrowserAsksForSpanishThenTheAccountIsSpanishAndSoIsEveryMailFromTheFirst() throws Exception {
        PortalBrowser spanish = browser().speaking("es-ES,es;q=0.9,en;q=0.5");
        assertThat(spanish.submit("/register", "/register", registration("Sofía Sánchez", "sofia@example.test"))
                        .redirectsTo("/login"))
                .isTrue();
        assertThat(TestMail.awaitTo("sofia@example.test", 1).getFirst().getSubject())
                .isEqualTo("Confirme su dirección de correo electrónico para el portal de pacientes de radiografías");
        assertThat(storedLanguage("sofia@example.test"))
                .as("taken from the page the sign-up was served in")
                .isEqualTo("es");
        spanish.get(TestMail.lastLink("sofia@example.test", "/register/verify/"));

        // The staff member's browser is English; the patient is written to in the account's language.
        Account account = accounts.findByEmail("sofia@example.test").orElseThrow();
        PortalBrowser staff = signedIn(Role.STAFF, "verifier-es@example.test");
        IdentityForms.lookUpAndConfirm(
                staff,
                "/staff/identity-checks/" + account.id(),
                "/staff/identity-checks/" + account.id() + "/link",
                Map.of("patientId", "PAT-2002", "issuerOfPatientId", "", "noStudyYet", "true"));
        assertThat(TestMail.awaitTo("sofia@example.test", 2).getLast().getSubject())
                .isEqualTo("Su cuenta del portal de pacientes de radiografías está lista");

        // An English browser signing up with the address now taken does not change the account's language.
        browser().submit("/register", "/register", registration("Someone Else", "sofia@example.test"));
        assertThat(storedLanguage("sofia@example.test")).isEqualTo("es");
    }

    @Test
    void registerWhenTheBrowserAsksForAnUnsupportedLanguageThenTheAccountIsEnglish() throws Exception {
        assertThat(browser()
                        .speaking("de-DE")
                        .submit("/register", "/register", registration("Dora Deutsch", "dora@example.test"))
                        .redirectsTo("/login"))
                .isTrue();
        assertThat(TestMail.awaitTo("dora@example.test", 1).getFirst().getSubject())
                .isEqualTo("Confirm your email address for the X-ray patient portal");
        assertThat(storedLanguage("dora@example.test")).isEqualTo("en");
    }

    @Test
    void rejectWhenReasonGivenThenPatientSeesItAndStaysUnlinked() {
        browser().submit("/register", "/register", registration("Rob Reject", "reject@example.test"));
        browser().get(TestMail.lastLink("reject@example.test", "/register/verify/"));
        Account account = accounts.findByEmail("reject@example.test").orElseThrow();
        PortalBrowser staff = signedIn(Role.STAFF, "verifier-2@example.test");

        var noReason = staff.submit(
                "/staff/identity-checks/" + account.id(),
                "/staff/identity-checks/" + account.id() + "/reject",
                Map.of("reason", " "));
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.body()).contains("Please fill in this field.");

        var rejected = staff.submit(
                "/staff/identity-checks/" + account.id(),
                "/staff/identity-checks/" + account.id() + "/reject",
                Map.of("reason", "No patient with this name and date of birth"));
        assertThat(rejected.redirectsTo("/staff/identity-checks")).isTrue();
        assertThat(staff.get("/staff/identity-checks/" + account.id()).status()).isEqualTo(404);

        PortalBrowser patient = browser();
        patient.signIn("reject@example.test", OWN);
        assertThat(patient.follow(patient.get("/patient")).body())
                .contains("No patient with this name and date of birth");
        assertThat(accounts.identityOf(account.id())).isEmpty();
    }

    @Test
    void registerWhenEmailTakenThenSameAnswerAndOwnerIsToldByEmail() throws Exception {
        accounts.create("taken@example.test", "Tim Taken", Role.PATIENT, PASSWORD);
        var answer = browser().submit("/register", "/register", registration("Someone Else", "taken@example.test"));
        assertThat(answer.redirectsTo("/login")).isTrue();
        assertThat(TestMail.awaitTo("taken@example.test", 1).getFirst().getSubject())
                .isEqualTo("You already have an X-ray patient portal account");
        assertThat(accounts.findByEmail("taken@example.test").orElseThrow().displayName())
                .isEqualTo("Tim Taken");
    }

    @Test
    void registerWhenInputBadThenFieldErrorsAnd422AndNothingCreated() {
        var fields = registration("", "bad-register@example.test");
        fields.put("birthDate", "2999-12-31");
        fields.put("password", "password");
        fields.put("confirmPassword", "password");
        var bad = browser().submit("/register", "/register", fields);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("Please fill in this field.").contains("Enter a date in the past.");

        var common = registration("Bad Pass", "bad-register@example.test");
        common.put("password", "123456789987654321");
        common.put("confirmPassword", "123456789987654321");
        var commonAnswer = browser().submit("/register", "/register", common);
        assertThat(commonAnswer.status()).isEqualTo(422);
        assertThat(commonAnswer.body()).contains("This password is too common");
        assertThat(accounts.findByEmail("bad-register@example.test")).isEmpty();
    }

    @Test
    void linkWhenPatientSignedInAsStaffOtherwiseThenForbidden() {
        PortalBrowser patient = signedIn(Role.PATIENT, "nosy-patient@example.test");
        assertThat(patient.get("/staff/identity-checks").status()).isEqualTo(403);
    }

    @Test
    void registerWhenTheBrowserSendsItsZoneThenTheNewAccountTakesItAndAnUnknownOneIsIgnored() {
        var tokyo = registration("Zoe Zone", "zone-tokyo@example.test");
        tokyo.put("timeZone", "Asia/Tokyo");
        assertThat(browser().submit("/register", "/register", tokyo).redirectsTo("/login"))
                .isTrue();
        var mars = registration("Max Mars", "zone-mars@example.test");
        mars.put("timeZone", "Mars/Olympus_Mons");
        assertThat(browser().submit("/register", "/register", mars).redirectsTo("/login"))
                .isTrue();

        assertThat(storedZone("zone-tokyo@example.test")).isEqualTo("Asia/Tokyo");
        assertThat(storedZone("zone-mars@example.test"))
                .as("the clinic's until a sign-in or a choice")
                .isNull();
        assertThat(browser().get("/register").body())
                .contains("<input type=\"hidden\" name=\"timeZone\" id=\"browser-time-zone\" value=\"\">")
                .contains("/js/time-zone.js");
    }

    private String storedLanguage(String email) {
        return jdbc.sql("SELECT language FROM account WHERE email = ?")
                .param(email)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private String storedZone(String email) {
        return jdbc.sql("SELECT time_zone FROM account WHERE email = ?")
                .param(email)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private static Map<String, String> registration(String name, String email) {
        var fields = new HashMap<String, String>();
        fields.put("fullName", name);
        fields.put("birthDate", "1984-02-29");
        fields.put("email", email);
        fields.put("password", OWN);
        fields.put("confirmPassword", OWN);
        return fields;
    }
}
