package org.xrayportal.account.registration;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class IdentityClaims {

    public enum Status {
        PENDING,
        LINKED,
        REJECTED
    }

    public record Claim(
            long accountId,
            String email,
            String fullName,
            LocalDate birthDate,
            Status status,
            Instant submittedAt,
            String reason) {}

    private static final String SELECT = """
            SELECT c.account_id, a.email, c.full_name, c.birth_date, c.status, c.submitted_at, c.reason
            FROM identity_claim c JOIN account a ON a.id = c.account_id
            """;

    private final JdbcClient jdbc;

    public IdentityClaims(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(long accountId, String fullName, LocalDate birthDate, Instant now) {
        jdbc.sql("INSERT INTO identity_claim (account_id, full_name, birth_date, status, submitted_at)"
                        + " VALUES (?, ?, ?, 'PENDING', ?)")
                .params(accountId, fullName, birthDate, Timestamp.from(now))
                .update();
    }

    public Optional<Claim> find(long accountId) {
        return jdbc.sql(SELECT + " WHERE c.account_id = ?")
                .param(accountId)
                .query(IdentityClaims::map)
                .optional();
    }

    /** Pending claims of verified email addresses, oldest first. */
    public List<Claim> pending(int limit) {
        return jdbc.sql(SELECT + " WHERE c.status = 'PENDING' AND a.email_verified AND a.enabled"
                        + " ORDER BY c.submitted_at LIMIT ?")
                .param(limit)
                .query(IdentityClaims::map)
                .list();
    }

    /** How many claims {@link #pending} would list without a limit. */
    public long countPending() {
        return jdbc.sql("SELECT count(*) FROM identity_claim c JOIN account a ON a.id = c.account_id"
                        + " WHERE c.status = 'PENDING' AND a.email_verified AND a.enabled")
                .query(Long.class)
                .single();
    }

    /** Decides a pending claim; false when it was already decided (by someone else meanwhile). */
    public boolean decide(long accountId, Status status, long staffId, String reason, Instant now) {
        return jdbc.sql("UPDATE identity_claim SET status = ?, decided_by = ?, decided_at = ?, reason = ?"
                                + " WHERE account_id = ? AND status = 'PENDING'")
                        .params(status.name(), staffId, Timestamp.from(now), reason, accountId)
                        .update()
                == 1;
    }

    private static Claim map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Claim(
                rs.getLong("account_id"),
                rs.getString("email"),
                rs.getString("full_name"),
                rs.getObject("birth_date", LocalDate.class),
                Status.valueOf(rs.getString("status")),
                rs.getTimestamp("submitted_at").toInstant(),
                rs.getString("reason"));
    }
}
