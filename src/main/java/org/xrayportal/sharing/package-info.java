/**
 * A patient's shares with an outside clinician (issue 19): a passcode-protected, expiring, revocable link and QR code
 * that opens the shared studies in a view-only viewer, each access through the patient's own access rules and audited.
 */
@ApplicationModule(
        displayName = "Sharing",
        allowedDependencies = {"shared", "system", "security", "audit", "account", "access", "imaging", "viewer"})
package org.xrayportal.sharing;

import org.springframework.modulith.ApplicationModule;
