package org.xrayportal.account.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.HtmlUtils;
import org.xrayportal.account.Account;
import org.xrayportal.imaging.PacsProperties;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.Role;
import org.xrayportal.support.AccountFlowTest;
import org.xrayportal.support.IdentityForms;
import org.xrayportal.support.IdentityStudies;
import org.xrayportal.support.PortalBrowser;

/**
 * Issue 10 against the real Orthanc: issuing a code is checked against the PACS's demographics for the exact identity,
 * shown to staff before anything is issued, and every identity shown is audited as a query under that identity.
 */
class IdentityCheckIT extends AccountFlowTest {

    private static final String FORM = "/staff/activation-codes/new";
    private static final String ACTION = "/staff/activation-codes";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PacsProperties pacs;

    /** A PatientID of this test run only, so tests and runs never share a PACS patient or a link. */
    private static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void store(String patientId, String issuer, String name, LocalDate birthDate) {
        IdentityStudies.store(
                URI.create(pacs.baseUrl().toString()),
                patientId + "/" + issuer,
                IdentityStudies.patient(patientId, issuer, name, birthDate),
                LocalDate.of(2024, 5, 6));
    }

    private static Map<String, String> form(String patientId, String issuer, String name, String birthDate) {
        Map<String, String> fields = new HashMap<>();
        fields.put("patientId", patientId);
        fields.put("issuerOfPatientId", issuer);
        fields.put("patientName", name);
        fields.put("birthDate", birthDate);
        return fields;
    }

    private int codesFor(String patientId) {
        return jdbc.sql("SELECT count(*) FROM activation_code WHERE patient_id = ?")
                .param(patientId)
                .query(Integer.class)
                .single();
    }

    @Test
    void issueWhenTypoHitsAnotherPatientThenPacsDemographicsShownAndCodeRefused() {
        PortalBrowser staff = signedIn(Role.STAFF, "typo-staff@example.test");
        // Staff meant García's "MRN*7" and typed "MRN77", which the PACS holds for O'Brien.
        var page = IdentityForms.lookUpAndConfirm(staff, FORM, ACTION, form("MRN77", "", "Lucía García", "2001-01-09"));

        assertThat(page.status()).isEqualTo(422);
        String body = HtmlUtils.htmlUnescape(page.body());
        assertThat(body)
                .contains("Seán O'Brien")
                .contains("30 Aug 1964")
                .contains("This date of birth differs from the one in the PACS.")
                .doesNotContain("class=\"activation-code\"");
        assertThat(codesFor("MRN77")).isZero();
        assertThat(queriesBy("typo-staff@example.test", "MRN77", DemoStudies.ISSUER_A))
                .as("the identity shown is audited as a query under that identity")
                .isEqualTo(1);
    }

    @Test
    void issueWhenPatientIdUnknownThenRefusedUnlessNoStudyYetChosen() {
        PortalBrowser staff = signedIn(Role.STAFF, "unknown-staff@example.test");
        String id = newId("NOBODY");
        var refused = IdentityForms.lookUpAndConfirm(staff, FORM, ACTION, form(id, "", "No Body", "1990-01-01"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("The PACS has no study with this patient ID.");
        assertThat(codesFor(id)).isZero();

        var fields = form(id, "", "No Body", "1990-01-01");
        fields.put("noStudyYet", "true");
        var letter = IdentityForms.lookUpAndConfirm(staff, FORM, ACTION, fields);
        assertThat(letter.status()).isEqualTo(200);
        assertThat(letter.body()).contains("class=\"activation-code\"");
        assertThat(jdbc.sql("SELECT no_study_yet FROM activation_code WHERE patient_id = ?")
                        .param(id)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(detailOf("ACTIVATION_CODE_ISSUED", id)).contains("\"noStudyInPacsYet\":true");
    }

    @Test
    void issueWhenBirthDateDiffersThenRefused() {
        PortalBrowser staff = signedIn(Role.STAFF, "dob-staff@example.test");
        String id = newId("DOB");
        store(id, "XRAY-CLINIC", "Kowalski^Anna", LocalDate.of(1970, 3, 3));
        var refused = IdentityForms.lookUpAndConfirm(staff, FORM, ACTION, form(id, "", "Anna Kowalski", "1970-03-04"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("This date of birth differs from the one in the PACS.");
        assertThat(codesFor(id)).isZero();
    }

    @Test
    void issueWhenNameDiffersThenWrittenReasonNeededAndAudited() {
        PortalBrowser staff = signedIn(Role.STAFF, "name-staff@example.test");
        String id = newId("NAME");
        store(id, "XRAY-CLINIC", "Müller-Lüdenscheidt^Jürgen", LocalDate.of(1960, 6, 6));

        var refused = IdentityForms.lookUpAndConfirm(staff, FORM, ACTION, form(id, "", "Hans Schmidt", "1960-06-06"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("The name differs from the one in the PACS.");
        assertThat(codesFor(id)).isZero();

        var reasoned = form(id, "", "Hans Schmidt", "1960-06-06");
        reasoned.put("nameReason", "Changed name by deed poll, document seen");
        assertThat(IdentityForms.lookUpAndConfirm(staff, FORM, ACTION, reasoned).body())
                .contains("class=\"activation-code\"");
        assertThat(detailOf("ACTIVATION_CODE_ISSUED", id))
                .contains("Changed name by deed poll, document seen")
                .contains("\"nameDiffersFromPacs\":true");
    }

    @Test
    void issueWhenNameDiffersOnlyInCaseAccentsAndOrderThenNoReasonNeeded() {
        PortalBrowser staff = signedIn(Role.STAFF, "accent-staff@example.test");
        String id = newId("ACCENT");
        store(id, "XRAY-CLINIC", "Müller-Lüdenscheidt^Jürgen", LocalDate.of(1960, 6, 6));
        var letter = IdentityForms.lookUpAndConfirm(
                staff, FORM, ACTION, form(id, "", "JURGEN mueller-ludenscheidt", "1960-06-06"));
        // "ue" is a transliteration, not an accent: it needs a reason; the accent-only spelling does not.
        assertThat(letter.status()).isEqualTo(422);
        letter = IdentityForms.lookUpAndConfirm(
                staff, FORM, ACTION, form(id, "", "JURGEN muller-ludenscheidt", "1960-06-06"));
        assertThat(letter.status()).isEqualTo(200);
        assertThat(letter.body()).contains("class=\"activation-code\"");
    }

    @Test
    void issueWhenPatientIdUnderTwoIssuersThenStaffMustPickAndTheLinkTakesThatIssuer() {
        PortalBrowser staff = signedIn(Role.STAFF, "issuer-pick@example.test");
        String id = newId("TWO");
        store(id, "Klinik Süd", "Berg^Eva", LocalDate.of(1980, 8, 8));
        store(id, "Klinik Nord", "Lund^Ola", LocalDate.of(1955, 5, 5));

        var pick = IdentityForms.lookUpAndConfirm(staff, FORM, ACTION, form(id, "", "Eva Berg", "1980-08-08"));
        assertThat(pick.status()).isEqualTo(422);
        assertThat(HtmlUtils.htmlUnescape(pick.body()))
                .contains("more than one issuer")
                .contains("Klinik Süd")
                .contains("Klinik Nord")
                .contains("Berg^Eva")
                .contains("Lund^Ola");
        assertThat(codesFor(id)).isZero();
        assertThat(queriesBy("issuer-pick@example.test", id, "Klinik Süd")).isEqualTo(1);
        assertThat(queriesBy("issuer-pick@example.test", id, "Klinik Nord")).isEqualTo(1);

        var letter =
                IdentityForms.lookUpAndConfirm(staff, FORM, ACTION, form(id, "Klinik Süd", "Eva Berg", "1980-08-08"));
        assertThat(letter.body()).contains("class=\"activation-code\"");
        assertThat(jdbc.sql("SELECT issuer_of_patient_id FROM activation_code WHERE patient_id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("Klinik Süd");
    }

    @Test
    void issueWhenIssuerLeftEmptyAndPacsHasOneThenTheCodeCarriesThePacsIssuer() {
        PortalBrowser staff = signedIn(Role.STAFF, "issuer-one@example.test");
        String id = newId("ONE");
        store(id, "XRAY-CLINIC", "Ruiz^Ana", LocalDate.of(1992, 2, 2));
        IdentityForms.lookUpAndConfirm(staff, FORM, ACTION, form(id, "", "Ana Ruiz", "1992-02-02"));
        assertThat(jdbc.sql("SELECT issuer_of_patient_id FROM activation_code WHERE patient_id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("XRAY-CLINIC");
    }

    @Test
    void issueWhenAnIssuerlessLinkAlreadyCoversThePatientIdThenRefused() {
        PortalBrowser staff = signedIn(Role.STAFF, "covered-staff@example.test");
        String id = newId("COVER");
        store(id, "XRAY-CLINIC", "Sato^Ken", LocalDate.of(1985, 4, 4));
        Account other = accounts.create("covered-" + id + "@example.test", "Ken Sato", Role.PATIENT, PASSWORD);
        jdbc.sql("INSERT INTO patient_identity_link (account_id, patient_id, issuer_of_patient_id, linked_at, method)"
                        + " VALUES (?, ?, '', now(), 'STAFF_VERIFIED')")
                .params(other.id(), id)
                .update();
        var refused = IdentityForms.lookUpAndConfirm(staff, FORM, ACTION, form(id, "", "Ken Sato", "1985-04-04"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("already linked to a portal account");
        assertThat(codesFor(id)).isZero();
    }

    @Test
    void issueWhenIdentityBreaksLoRulesThenFieldErrorNotServerError() {
        PortalBrowser staff = signedIn(Role.STAFF, "rules-staff@example.test");
        for (String bad : new String[] {"MRN*7", "1001\\1002", "10\u000101"}) {
            var page = staff.submit(FORM, ACTION, form(bad, "", "Any Body", "1990-01-01"));
            assertThat(page.status()).as(bad).isEqualTo(422);
            assertThat(page.body()).contains("field-error");
        }
        assertThat(staff.submit(FORM, ACTION, form("OK-1", "A\\B", "Any Body", "1990-01-01"))
                        .body())
                .contains("A backslash is not allowed here");
    }

    @Test
    void issueWhenPreviewConfirmedWithOtherValuesThenOnlyShownAgain() {
        PortalBrowser staff = signedIn(Role.STAFF, "swap-staff@example.test");
        String id = newId("SWAP");
        store(id, "XRAY-CLINIC", "Vega^Luz", LocalDate.of(1991, 1, 1));
        var preview = staff.submit(FORM, ACTION, form(id, "", "Luz Vega", "1991-01-01"));
        String checked = IdentityForms.checked(preview);
        assertThat(checked).isNotNull();
        var swapped = form("MRN77", "", "Luz Vega", "1991-01-01");
        swapped.put("checked", checked);
        var page = staff.post(ACTION, swapped);
        assertThat(page.body()).doesNotContain("class=\"activation-code\"");
        assertThat(codesFor("MRN77")).isZero();
    }

    private int queriesBy(String staffEmail, String patientId, String issuer) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'QUERY' AND actor_name = ?"
                        + " AND patient_id = ? AND issuer_of_patient_id IS NOT DISTINCT FROM ?")
                .params(staffEmail, patientId, issuer)
                .query(Integer.class)
                .single();
    }

    private String detailOf(String action, String patientId) {
        return jdbc.sql("SELECT details FROM audit_event WHERE action = ? AND patient_id = ?"
                        + " ORDER BY sequence DESC LIMIT 1")
                .params(action, patientId)
                .query(String.class)
                .single();
    }
}
