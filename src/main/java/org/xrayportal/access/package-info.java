/**
 * Access requests, staff decisions, grants, and the one study access policy every image request passes through.
 */
@ApplicationModule(
        displayName = "Access",
        allowedDependencies = {"shared", "system", "security", "audit", "account", "consent", "imaging"})
package org.xrayportal.access;

import org.springframework.modulith.ApplicationModule;
