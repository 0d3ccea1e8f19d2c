/**
 * Append-only, hash-chained audit events (IHE BALP), their search, export and integrity check, and the admin screens for them. Every module writes to it; it reads no domain module.
 */
@ApplicationModule(
        displayName = "Audit",
        allowedDependencies = {"shared", "system", "security"})
package org.xrayportal.audit;

import org.springframework.modulith.ApplicationModule;
