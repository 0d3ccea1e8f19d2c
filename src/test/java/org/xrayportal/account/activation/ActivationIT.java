package org.xrayportal.account.activation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xrayportal.account.Account;
import org.xrayportal.security.Role;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.support.AccountFlowTest;
import org.xrayportal.support.IdentityForms;
import org.xrayportal.support.PortalBrowser;

class ActivationIT extends AccountFlowTest {

    private static final Pattern CODE = Pattern.compile("class=\"activation-code\">([A-Z0-9-]+)<");
    private static final String NEW_PASSWORD = "my own long passphrase here";

    @Autowired
    JdbcClient jdbc;

    @Test
    void activateWhenStaffIssuedCodeThenPatientAccountIsLinkedAndSignsIn() {
        PortalBrowser staff = signedIn(Role.STAFF, "issuer-1@example.test");
        String code = issue(staff, "PAT-1001", "CLINIC-A", "Jane Roe", "1980-04-12");

        var fields = activation(code, "1980-04-12", "jane@example.test");
        fields.put("timeZone", "Europe/Madrid"); // sent by time-zone.js
        var activated = browser().submit("/activate", "/activate", fields);
        assertThat(activated.redirectsTo("/login")).isTrue();
        assertThat(jdbc.sql("SELECT time_zone FROM account WHERE email = 'jane@example.test'")
                        .query(String.class)
                        .single())
                .as("the new account takes the browser's zone")
                .isEqualTo("Europe/Madrid");

        PortalBrowser patient = browser();
        assertThat(patient.signIn("jane@example.test", NEW_PASSWORD).redirectsTo("/patient"))
                .isTrue();
        Account account = accounts.findByEmail("jane@example.test").orElseThrow();
        assertThat(account.displayName()).isEqualTo("Jane Roe");
        assertThat(account.role()).isEqualTo(Role.PATIENT);
        assertThat(accounts.identityOf(account.id())).contains(new PatientIdentity("PAT-1001", "CLINIC-A"));
        assertThat(auditCount("ACTIVATION_CODE_ISSUED", "PAT-1001")).isEqualTo(1);
        assertThat(auditCount("ACCOUNT_ACTIVATED", "PAT-1001")).isEqualTo(1);
        assertThat(auditCount("IDENTITY_LINKED", "PAT-1001")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM activation_code WHERE code_hash LIKE ?")
                        .param("%" + code.replace("-", "") + "%")
                        .query(Integer.class)
                        .single())
                .as("only a hash of the code is stored")
                .isZero();
    }

    @Test
    void activateWhenSpanishWasChosenWithTheSwitcherThenTheNewAccountIsSpanish() {
        PortalBrowser staff = signedIn(Role.STAFF, "issuer-es@example.test");
        String code = issue(staff, "PAT-1009", "CLINIC-A", "Elena Ruiz", "1982-03-04");

        PortalBrowser patient = browser();
        patient.get("/activate?lang=es");
        var activated = patient.post("/activate", activation(code, "1982-03-04", "elena@example.test"));
        assertThat(activated.redirectsTo("/login")).isTrue();
        assertThat(jdbc.sql("SELECT language FROM account WHERE email = 'elena@example.test'")
                        .query(String.class)
                        .single())
                .as("the language the page was served in, though the browser asks for none")
                .isEqualTo("es");
    }

    @Test
    void activateWhenCodeAlreadyUsedThenRefusedWithoutCreatingAnAccount() {
        PortalBrowser staff = signedIn(Role.STAFF, "issuer-2@example.test");
        String code = issue(staff, "PAT-1002", "", "Rey Use", "1975-01-02");
        browser().submit("/activate", "/activate", activation(code, "1975-01-02", "first@example.test"));

        var reused = browser().submit("/activate", "/activate", activation(code, "1975-01-02", "second@example.test"));
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.body()).contains("do not match a valid code");
        assertThat(accounts.findByEmail("second@example.test")).isEmpty();
    }

    @Test
    void activateWhenCodeExpiredOrRevokedThenRefused() {
        PortalBrowser staff = signedIn(Role.STAFF, "issuer-3@example.test");
        String expired = issue(staff, "PAT-1003", "", "Ex Pired", "1990-06-30");
        jdbc.sql("UPDATE activation_code SET expires_at = now() - interval '1 minute' WHERE patient_id = 'PAT-1003'")
                .update();
        var late = browser().submit("/activate", "/activate", activation(expired, "1990-06-30", "late@example.test"));
        assertThat(late.status()).isEqualTo(422);
        assertThat(accounts.findByEmail("late@example.test")).isEmpty();

        String first = issue(staff, "PAT-1004", "", "Re Voked", "1990-06-30");
        String second = issue(staff, "PAT-1004", "", "Re Voked", "1990-06-30");
        assertThat(browser()
                        .submit("/activate", "/activate", activation(first, "1990-06-30", "rev1@example.test"))
                        .status())
                .isEqualTo(422);
        assertThat(browser()
                        .submit("/activate", "/activate", activation(second, "1990-06-30", "rev2@example.test"))
                        .redirectsTo("/login"))
                .isTrue();
    }

    @Test
    void activateWhenDateOfBirthWrongFiveTimesThenCodeStopsWorking() {
        PortalBrowser staff = signedIn(Role.STAFF, "issuer-4@example.test");
        String code = issue(staff, "PAT-1005", "", "Guess Target", "1961-11-11");
        for (int day = 1; day <= 5; day++) {
            var wrong = browser()
                    .submit("/activate", "/activate", activation(code, "1961-11-0" + day, "guess@example.test"));
            assertThat(wrong.status()).isEqualTo(422);
            assertThat(wrong.body()).contains("do not match a valid code");
        }
        var right = browser().submit("/activate", "/activate", activation(code, "1961-11-11", "guess@example.test"));
        assertThat(right.status()).isEqualTo(422);
        assertThat(accounts.findByEmail("guess@example.test")).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'ACTIVATION_FAILED'")
                        .query(Integer.class)
                        .single())
                .isGreaterThanOrEqualTo(6);
    }

    @Test
    void activateWhenFormBadThenFieldErrorsAnd422AndNothingCreatedNorCodeUsed() {
        var empty = browser().submit("/activate", "/activate", Map.of());
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.body()).contains("Please fill in this field.").contains("aria-invalid=\"true\"");

        PortalBrowser staff = signedIn(Role.STAFF, "issuer-5@example.test");
        String code = issue(staff, "PAT-1006", "", "Bad Input", "1999-09-09");
        var fields = activation(code, "1999-09-09", "badinput@example.test");
        fields.put("password", "123456789987654321");
        fields.put("confirmPassword", "123456789987654321");
        var common = browser().submit("/activate", "/activate", fields);
        assertThat(common.status()).isEqualTo(422);
        assertThat(common.body()).contains("This password is too common");

        var badDate = activation(code, "not-a-date", "badinput@example.test");
        assertThat(browser().submit("/activate", "/activate", badDate).body())
                .contains("Enter a date as year, month and day.");

        var badStaff = staff.submit(
                "/staff/activation-codes/new",
                "/staff/activation-codes",
                Map.of("patientId", "", "patientName", "x", "birthDate", "2999-01-01"));
        assertThat(badStaff.status()).isEqualTo(422);
        assertThat(badStaff.body()).contains("Enter a date in the past.");

        assertThat(accounts.findByEmail("badinput@example.test")).isEmpty();
        assertThat(browser()
                        .submit("/activate", "/activate", activation(code, "1999-09-09", "badinput@example.test"))
                        .redirectsTo("/login"))
                .as("the code survived the rejected attempts")
                .isTrue();
    }

    @Test
    void issueWhenIdentityAlreadyLinkedThenRefused() {
        PortalBrowser staff = signedIn(Role.STAFF, "issuer-6@example.test");
        String code = issue(staff, "PAT-1007", "", "Al Ready", "1970-07-07");
        browser().submit("/activate", "/activate", activation(code, "1970-07-07", "already@example.test"));

        var again = staff.submit(
                "/staff/activation-codes/new",
                "/staff/activation-codes",
                Map.of(
                        "patientId",
                        "PAT-1007",
                        "patientName",
                        "Al Ready",
                        "birthDate",
                        "1970-07-07",
                        "noStudyYet",
                        "true"));
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.body()).contains("already linked to a portal account");
    }

    @Test
    void issueWhenPatientSignedInThenForbidden() {
        PortalBrowser patient = signedIn(Role.PATIENT, "not-staff@example.test");
        assertThat(patient.get("/staff/activation-codes/new").status()).isEqualTo(403);
    }

    /** Issues a code for an identity the PACS does not hold, on staff's explicit "no study in the PACS yet". */
    static String issue(PortalBrowser staff, String patientId, String issuer, String name, String birthDate) {
        var letter = IdentityForms.lookUpAndConfirm(
                staff,
                "/staff/activation-codes/new",
                "/staff/activation-codes",
                Map.of(
                        "patientId",
                        patientId,
                        "issuerOfPatientId",
                        issuer,
                        "patientName",
                        name,
                        "birthDate",
                        birthDate,
                        "noStudyYet",
                        "true"));
        assertThat(letter.status()).isEqualTo(200);
        Matcher m = CODE.matcher(letter.body());
        assertThat(m.find()).as("letter shows the code").isTrue();
        return m.group(1);
    }

    static Map<String, String> activation(String code, String birthDate, String email) {
        var fields = new HashMap<String, String>();
        fields.put("code", code.toLowerCase().replace("-", " "));
        fields.put("birthDate", birthDate);
        fields.put("email", email);
        fields.put("password", NEW_PASSWORD);
        fields.put("confirmPassword", NEW_PASSWORD);
        return fields;
    }

    private int auditCount(String action, String patientId) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = ? AND patient_id = ?")
                .params(action, patientId)
                .query(Integer.class)
                .single();
    }
}
