package org.xrayportal.account.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.xrayportal.account.Account;
import org.xrayportal.security.Role;

@Repository
public class Accounts {

    private static final String COLUMNS = "id, email, display_name, role, password_hash, enabled, email_verified";

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final JdbcClient jdbc;

    public Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Account> findByEmail(String email) {
        if (email == null || CONTROL.matcher(email).find()) {
            return Optional.empty(); // PostgreSQL refuses NUL in text, and no address contains control characters
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE lower(email) = lower(?)")
                .param(email.strip())
                .query(Accounts::map)
                .optional();
    }

    public Optional<Account> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE id = ?")
                .param(id)
                .query(Accounts::map)
                .optional();
    }

    /** Staff and admin accounts, or patients whose email contains {@code search}, for the admin screen. */
    public List<Account> search(String search, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE (role <> 'PATIENT' AND ? = '')"
                        + " OR (? <> '' AND strpos(lower(email), lower(?)) > 0) ORDER BY role, lower(email) LIMIT ?")
                .params(search, search, search, limit)
                .query(Accounts::map)
                .list();
    }

    public boolean anyWithRole(Role role) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM account WHERE role = ?)")
                .param(role.name())
                .query(Boolean.class)
                .single();
    }

    public long insert(String email, String displayName, Role role, String passwordHash) {
        return insert(email, displayName, role, passwordHash, true);
    }

    public long insert(String email, String displayName, Role role, String passwordHash, boolean emailVerified) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO account (email, display_name, role, password_hash, email_verified)
                        VALUES (?, ?, ?, ?, ?)
                        """)
                .params(email, displayName, role.name(), passwordHash, emailVerified)
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    public void updatePassword(long id, String passwordHash, Instant when) {
        jdbc.sql("UPDATE account SET password_hash = ?, password_changed_at = ? WHERE id = ?")
                .params(passwordHash, Timestamp.from(when), id)
                .update();
    }

    public void setEnabled(long id, boolean enabled) {
        jdbc.sql("UPDATE account SET enabled = ? WHERE id = ?")
                .params(enabled, id)
                .update();
    }

    public void markEmailVerified(long id) {
        jdbc.sql("UPDATE account SET email_verified = TRUE WHERE id = ?")
                .param(id)
                .update();
    }

    private static Account map(ResultSet rs, int row) throws SQLException {
        return new Account(
                rs.getLong("id"),
                rs.getString("email"),
                rs.getString("display_name"),
                Role.valueOf(rs.getString("role")),
                rs.getString("password_hash"),
                rs.getBoolean("enabled"),
                rs.getBoolean("email_verified"));
    }
}
