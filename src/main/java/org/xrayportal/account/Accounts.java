package org.xrayportal.account;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class Accounts {

    private final JdbcClient jdbc;

    Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Account> findByEmail(String email) {
        return jdbc.sql("""
                        SELECT id, email, display_name, role, password_hash, enabled
                        FROM account WHERE lower(email) = lower(?)
                        """)
                .param(email)
                .query((rs, n) -> new Account(
                        rs.getLong("id"),
                        rs.getString("email"),
                        rs.getString("display_name"),
                        Role.valueOf(rs.getString("role")),
                        rs.getString("password_hash"),
                        rs.getBoolean("enabled")))
                .optional();
    }

    Optional<Account> findById(long id) {
        return jdbc.sql("SELECT id, email, display_name, role, password_hash, enabled FROM account WHERE id = ?")
                .param(id)
                .query((rs, n) -> new Account(
                        rs.getLong("id"),
                        rs.getString("email"),
                        rs.getString("display_name"),
                        Role.valueOf(rs.getString("role")),
                        rs.getString("password_hash"),
                        rs.getBoolean("enabled")))
                .optional();
    }

    boolean anyWithRole(Role role) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM account WHERE role = ?)")
                .param(role.name())
                .query(Boolean.class)
                .single();
    }

    long insert(String email, String displayName, Role role, String passwordHash) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO account (email, display_name, role, password_hash)
                        VALUES (?, ?, ?, ?)
                        """).params(email, displayName, role.name(), passwordHash).update(keys, "id");
        return keys.getKeyAs(Long.class);
    }
}
