package org.xrayportal.account.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Single-use, expiring tokens for emailed links; a new token of one purpose cancels the account's earlier ones. */
@Repository
public class LinkTokens {

    public enum Purpose {
        RESET,
        VERIFY_EMAIL,
        INVITATION
    }

    public record Valid(long accountId, Purpose purpose) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    public LinkTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new token in clear, for the link; only its hash is stored. */
    public String issue(long accountId, Purpose purpose, Duration validity) {
        Instant now = clock.instant();
        jdbc.sql("UPDATE account_link_token SET used_at = ? WHERE account_id = ? AND purpose = ? AND used_at IS NULL")
                .params(Timestamp.from(now), accountId, purpose.name())
                .update();
        String token = Secrets.linkToken();
        jdbc.sql("""
                        INSERT INTO account_link_token (token_hash, account_id, purpose, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?)
                        """)
                .params(
                        Secrets.sha256(token),
                        accountId,
                        purpose.name(),
                        Timestamp.from(now),
                        Timestamp.from(now.plus(validity)))
                .update();
        return token;
    }

    /** The token's account and purpose while it is unused and unexpired. */
    public Optional<Valid> peek(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT account_id, purpose FROM account_link_token"
                        + " WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?")
                .params(Secrets.sha256(token), Timestamp.from(clock.instant()))
                .query((rs, n) -> new Valid(rs.getLong(1), Purpose.valueOf(rs.getString(2))))
                .optional();
    }

    /** Uses the token up, if it is still valid for {@code purpose}; call inside the transaction that acts on it. */
    public Optional<Long> consume(String token, Purpose purpose) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        UPDATE account_link_token SET used_at = ?
                        WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?
                        RETURNING account_id
                        """)
                .params(
                        Timestamp.from(clock.instant()),
                        Secrets.sha256(token),
                        purpose.name(),
                        Timestamp.from(clock.instant()))
                .query(Long.class)
                .optional();
    }
}
