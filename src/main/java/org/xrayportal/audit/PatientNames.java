package org.xrayportal.audit;

import java.util.List;

/**
 * The names the portal knows for a PACS identity, for the privacy officer's patient timeline (issue 16). The audit
 * trail stores only PatientID and issuer; the account feature answers from its identity links (the portal account
 * linked to that identity after staff matched it to the PACS's demographics) and the activation codes staff issued
 * for it (the PACS name they saw), so reading a timeline never asks the PACS.
 */
public interface PatientNames {

    /** Each distinct name known for that identity, the linked account's first; empty when the portal knows none. */
    List<String> of(String patientId, String issuerOfPatientId);
}
