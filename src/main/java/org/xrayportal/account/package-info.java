/**
 * Accounts and everything about signing in: activation, registration, passwords, second factor, lockout, sessions, identity links to PACS patients, account administration.
 */
@ApplicationModule(
        displayName = "Accounts",
        allowedDependencies = {"shared", "system", "security", "audit"})
package org.xrayportal.account;

import org.springframework.modulith.ApplicationModule;
