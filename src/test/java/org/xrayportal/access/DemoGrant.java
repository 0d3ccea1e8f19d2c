package org.xrayportal.access;

import static org.xrayportal.support.Actors.actor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.xrayportal.account.AccountService;
import org.xrayportal.consent.ConsentService;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.security.DemoPrincipals;

/**
 * Demo only: the demo patient has agreed to the terms and the demo staff approved access to all his studies, with
 * downloads, through the same services (and audit) as in real use, so the first image is one sign-in away.
 */
@Component
@Profile("demo")
@Order(2)
class DemoGrant implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoGrant.class);
    private static final String DEMO_ADDRESS = "127.0.0.1";

    private final AccountService accounts;
    private final ConsentService consents;
    private final AccessService access;

    DemoGrant(AccountService accounts, ConsentService consents, AccessService access) {
        this.accounts = accounts;
        this.consents = consents;
        this.access = access;
    }

    @Override
    public void run(ApplicationArguments args) {
        var patient = accounts.findByEmail("patient@demo.test").orElse(null);
        var staff = accounts.findByEmail("staff@demo.test").orElse(null);
        if (patient == null
                || staff == null
                || accounts.identityOf(patient.id()).isEmpty()) {
            return;
        }
        var patientUser = DemoPrincipals.of(patient);
        if (!consents.hasCurrentConsent(patient.id())) {
            consents.currentDocument()
                    .ifPresent(
                            terms -> consents.accept(actor(patientUser, DEMO_ADDRESS), terms.version(), "demo set-up"));
        }
        if (access.activeGrants(patient.id()).isEmpty() && consents.hasCurrentConsent(patient.id())) {
            AccessRequest request = access.submit(
                    actor(patientUser, DEMO_ADDRESS), AccessScope.allStudies(), null, AccessRequest.Format.DOWNLOAD);
            try {
                access.approve(
                        actor(DemoPrincipals.of(staff), DEMO_ADDRESS),
                        request.id(),
                        AccessScope.allStudies(),
                        null,
                        true);
                log.info("Demo: patient@demo.test agreed to the terms and has access to all his studies");
            } catch (PacsException e) {
                // Approval checks the identity against the PACS (AccessService.approve): without one, the request
                // stays in the staff queue, as it would in a clinic whose PACS is down.
                log.warn(
                        "Demo: the PACS did not confirm the identity ({}), so patient@demo.test's request waits in the staff queue",
                        e.getMessage());
            }
        }
    }
}
