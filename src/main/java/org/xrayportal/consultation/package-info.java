/**
 * Consultation requests about a study, and the staff queue that answers them.
 */
@ApplicationModule(
        displayName = "Consultation",
        allowedDependencies = {"shared", "system", "security", "audit", "account", "access", "imaging"})
package org.xrayportal.consultation;

import org.springframework.modulith.ApplicationModule;
