package org.xrayportal.viewer;

import static org.xrayportal.support.Actors.actor;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.xrayportal.access.AccessRequest;
import org.xrayportal.access.AccessScope;
import org.xrayportal.access.AccessService;
import org.xrayportal.account.AccountService;
import org.xrayportal.consent.ConsentService;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;

/** Patients with a grant, made through the real consent and access services (only the identity link is direct). */
public class DownloadFixtures {

    public static final String PASSWORD = "correct horse battery staple";

    private final AccountService accounts;
    private final UserDetailsService users;
    private final ConsentService consents;
    private final AccessService access;
    private final JdbcClient jdbc;

    public DownloadFixtures(
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

    /** A linked, consenting patient whose request for all studies staff approved, with or without download. */
    public PortalUser patientWithGrant(DemoStudies.Patient identity, boolean allowDownload) {
        return patientWithGrant(identity, user(Role.PATIENT), allowDownload);
    }

    public PortalUser patientWithGrant(DemoStudies.Patient identity, PortalUser patient, boolean allowDownload) {
        link(patient, identity.patientId(), identity.issuer());
        consents.accept(
                actor(patient, "192.0.2.1"),
                consents.currentDocument().orElseThrow().version(),
                "test");
        long request = access.submit(
                        actor(patient, "192.0.2.1"), AccessScope.allStudies(), null, AccessRequest.Format.DOWNLOAD)
                .id();
        access.approve(actor(user(Role.STAFF), "192.0.2.2"), request, AccessScope.allStudies(), null, allowDownload);
        return patient;
    }

    /** Identities are unique per account: an earlier test account linked to it is unlinked first. */
    public void link(PortalUser patient, String patientId, String issuer) {
        jdbc.sql("DELETE FROM patient_identity_link WHERE patient_id = ? AND issuer_of_patient_id = ?")
                .params(patientId, issuer)
                .update();
        jdbc.sql("""
                        INSERT INTO patient_identity_link
                            (account_id, patient_id, issuer_of_patient_id, linked_at, method)
                        VALUES (?, ?, ?, now(), 'STAFF_VERIFIED')
                        """).params(patient.id(), patientId, issuer).update();
    }
}
