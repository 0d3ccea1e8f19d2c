package org.xrayportal.access;

import static org.xrayportal.support.Actors.actor;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.xrayportal.account.AccountService;
import org.xrayportal.consent.ConsentService;
import org.xrayportal.imaging.demo.DemoStudies;
import org.xrayportal.security.PortalUser;
import org.xrayportal.security.Role;

/** Accounts in the states the access tests need, created through the real services where they exist. */
class AccessFixtures {

    private final AccountService accounts;
    private final UserDetailsService users;
    private final ConsentService consents;
    private final JdbcClient jdbc;

    AccessFixtures(AccountService accounts, UserDetailsService users, ConsentService consents, JdbcClient jdbc) {
        this.accounts = accounts;
        this.users = users;
        this.consents = consents;
        this.jdbc = jdbc;
    }

    PortalUser user(Role role) {
        String email = role.name().toLowerCase() + "-" + UUID.randomUUID() + "@example.test";
        accounts.create(email, "Test " + role, role, "correct horse battery staple");
        return (PortalUser) users.loadUserByUsername(email);
    }

    /**
     * A patient linked to a demo PACS identity who has agreed to the current terms. Identities are unique per
     * account, so any earlier test account linked to it is unlinked first.
     */
    PortalUser consentingPatient(DemoStudies.Patient identity) {
        PortalUser patient = user(Role.PATIENT);
        link(patient, identity);
        consents.accept(
                actor(patient, "192.0.2.1"),
                consents.currentDocument().orElseThrow().version(),
                "test");
        return patient;
    }

    void link(PortalUser patient, DemoStudies.Patient identity) {
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

    static String study(String key) {
        return DemoStudies.byKey(key).studyInstanceUid();
    }
}
