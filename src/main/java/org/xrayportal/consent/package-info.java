/**
 * Versioned terms of access, acceptances and withdrawal.
 */
@ApplicationModule(
        displayName = "Consent",
        allowedDependencies = {"shared", "system", "security", "audit", "account"})
package org.xrayportal.consent;

import org.springframework.modulith.ApplicationModule;
