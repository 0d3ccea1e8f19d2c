/**
 * The patient's study list, study page, images, downloads, print and access history.
 */
@ApplicationModule(
        displayName = "Viewer",
        allowedDependencies = {
            "shared",
            "system",
            "security",
            "audit",
            "account",
            "consent",
            "access",
            "imaging",
            "consultation"
        })
package org.xrayportal.viewer;

import org.springframework.modulith.ApplicationModule;
