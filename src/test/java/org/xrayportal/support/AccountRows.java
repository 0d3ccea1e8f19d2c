package org.xrayportal.support;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Account rows for repository slices whose tables refer to an account: inserted directly, since a slice has no account
 * service (and a repository test should not depend on one).
 */
public final class AccountRows {

    private AccountRows() {}

    /** A new account with {@code role} (PATIENT, STAFF or ADMIN) and a unique email: its id. */
    public static long insert(JdbcClient jdbc, String role) {
        return jdbc.sql("INSERT INTO account (email, display_name, role) VALUES (?, ?, ?) RETURNING id")
                .params(role.toLowerCase() + "-" + UUID.randomUUID() + "@example.test", "Test " + role, role)
                .query(Long.class)
                .single();
    }
}
