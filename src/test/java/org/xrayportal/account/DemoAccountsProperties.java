package org.xrayportal.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param password the demo accounts' password; empty means a new random one at every start
 * @param patientId PatientID of the synthetic PACS patient the demo patient account is linked to
 * @param patientIssuer that patient's IssuerOfPatientID
 */
@ConfigurationProperties("portal.demo.accounts")
record DemoAccountsProperties(String password, String patientId, String patientIssuer) {

    DemoAccountsProperties {
        // Jürgen Müller of the demo PACS seed (imaging.demo.DemoStudies).
        patientId = patientId == null || patientId.isBlank() ? "1001" : patientId;
        patientIssuer = patientIssuer == null ? "XRAY-CLINIC" : patientIssuer;
    }
}
