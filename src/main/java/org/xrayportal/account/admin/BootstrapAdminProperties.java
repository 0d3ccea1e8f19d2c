package org.xrayportal.account.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first admin account, created at start-up when no admin exists yet. Set the password through the environment
 * ({@code PORTAL_BOOTSTRAP_ADMIN_PASSWORD}), never in a file in the repository.
 */
@ConfigurationProperties("portal.bootstrap-admin")
record BootstrapAdminProperties(String email, String password, String displayName) {

    BootstrapAdminProperties {
        displayName = displayName == null || displayName.isBlank() ? "Administrator" : displayName;
    }

    boolean configured() {
        return email != null && !email.isBlank() && password != null && !password.isBlank();
    }
}
