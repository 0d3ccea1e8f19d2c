package org.xrayportal.viewer;

import static org.xrayportal.support.Actors.actor;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.xrayportal.access.AccessGrant;
import org.xrayportal.access.AccessRequest;
import org.xrayportal.access.AccessScope;
import org.xrayportal.access.AccessService;
import org.xrayportal.account.AccountService;
import org.xrayportal.consent.ClinicText;
import org.xrayportal.consent.ConsentService;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;

/** Patients who may see studies, made through the real services: linked, consenting, granted by staff. */
public class ViewerFixtures {

    public static final String PASSWORD = "correct horse battery staple";

    private final AccountService accounts;
    private final UserDetailsService users;
    private final ConsentService consents;
    private final AccessService access;
    private final JdbcClient jdbc;

    public ViewerFixtures(
            AccountService accounts,
            UserDetailsService users,
            ConsentService consents,
            AccessService access,
            JdbcClient jdbc) {
        this.accounts = accounts;
        this.users = users;
        this.consents = consents;
        this.access = access;
        this.jdbc = jdbc;
    }

    public PortalUser user(Role role) {
        String email = role.name().toLowerCase() + "-" + UUID.randomUUID() + "@example.test";
        accounts.create(email, "Test " + role, role, PASSWORD);
        return (PortalUser) users.loadUserByUsername(email);
    }

    /** Linked to the identity (taken from any earlier test account) and agreeing to the current terms. */
    public PortalUser consentingPatient(DemoStudies.Patient identity) {
        PortalUser patient = user(Role.PATIENT);
        link(patient, identity);
        consents.accept(
                actor(patient, "192.0.2.1"),
                consents.currentDocument().orElseThrow().version(),
                "test");
        return patient;
    }

    public void link(PortalUser patient, DemoStudies.Patient identity) {
        jdbc.sql("DELETE FROM patient_identity_link WHERE patient_id = ? AND issuer_of_patient_id = ?")
                .params(identity.patientId(), identity.issuer())
                .update();
        jdbc.sql("""
                        INSERT INTO patient_identity_link
                            (account_id, patient_id, issuer_of_patient_id, linked_at, method)
                        VALUES (?, ?, ?, now(), 'STAFF_VERIFIED')
                        """)
                .params(patient.id(), identity.patientId(), identity.issuer())
                .update();
    }

    /**
     * The patient asks for the scope (unless a request for it is already waiting: one pending request per scope) and a
     * new staff member approves it.
     */
    public AccessGrant grant(PortalUser patient, AccessScope scope, Instant expiresAt) {
        PortalUser staff = user(Role.STAFF);
        AccessRequest request = access.pendingRequestFor(actor(patient, "192.0.2.1"), scope)
                .orElseGet(() -> access.submit(actor(patient, "192.0.2.1"), scope, null, AccessRequest.Format.VIEW));
        return access.approve(actor(staff, "192.0.2.1"), request.id(), scope, expiresAt, false);
    }

    public AccessRequest request(PortalUser patient, AccessScope scope) {
        return access.submit(actor(patient, "192.0.2.1"), scope, null, AccessRequest.Format.VIEW);
    }

    /** A clinic notice in English, as web slices that render fragments/notice stub {@code @clinicNotice} with. */
    static ClinicText notice() {
        return new ClinicText(
                ClinicText.Kind.NOTICE,
                "en",
                1,
                "Not a diagnosis",
                "Only your clinician can interpret these images.",
                "Discuss them with your clinician.",
                Instant.parse("2026-11-01T00:00:00Z"));
    }

    public static String study(String key) {
        return DemoStudies.byKey(key).studyInstanceUid();
    }

    public static String series(String key, int number) {
        DemoStudies.Study study = DemoStudies.byKey(key);
        return study.seriesInstanceUid(study.series().get(number - 1));
    }

    public static String instance(String key, int series, int instance) {
        DemoStudies.Study study = DemoStudies.byKey(key);
        return study.sopInstanceUid(study.series().get(series - 1), instance);
    }

    /** Signs a fixture patient in over plain HTTP (benchmarks, load test): the session cookie to send. */
    static String signInOverHttp(HttpClient http, String portal, String email) throws Exception {
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create(portal + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = cookie(login);
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on /login");
        }
        String form = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1);
        HttpResponse<String> signedIn = http.send(
                HttpRequest.newBuilder(URI.create(portal + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", cookie)
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return cookie(signedIn);
    }

    /** The session cookie by hand: it is Secure, and java.net's cookie handler keeps those for https only. */
    private static String cookie(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Set-Cookie")
                .map(value -> value.split(";", 2)[0])
                .orElseThrow(() -> new IllegalStateException("no session cookie"));
    }
}
