package org.xrayportal.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.xrayportal.security.Role;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.support.PortalIntegrationTest;

/** The demo profile's accounts, without its local PACS (tested in imaging). */
@PortalIntegrationTest(properties = "portal.demo.local-pacs.enabled=false")
@ActiveProfiles("demo")
class DemoAccountsIT {

    @Autowired
    AccountService accounts;

    @Test
    void demoWhenStartedThenPatientIsLinkedToTheSyntheticPacsPatient() {
        Account patient = accounts.findByEmail("patient@demo.test").orElseThrow();
        assertThat(accounts.identityOf(patient.id())).contains(new PatientIdentity("1001", "XRAY-CLINIC"));
        assertThat(accounts.findByEmail("staff@demo.test")).map(Account::role).contains(Role.STAFF);
    }
}
