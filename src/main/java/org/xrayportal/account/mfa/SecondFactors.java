package org.xrayportal.account.mfa;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * TOTP factors in {@code mfa_totp}, one per account: the secret as stored (encrypted, see {@link TotpSecretCipher}),
 * when it was confirmed (null while enrolment is pending) and the last time step used (no replay).
 */
@Repository
class SecondFactors {

    record Confirmed(String storedSecret, long lastUsedStep) {}

    record Stored(long accountId, String storedSecret) {}

    private final JdbcClient jdbc;

    SecondFactors(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean isConfirmed(long accountId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM mfa_totp WHERE account_id = ? AND confirmed_at IS NOT NULL)")
                .param(accountId)
                .query(Boolean.class)
                .single();
    }

    /** A new pending factor; replaces an unconfirmed one. */
    void savePending(long accountId, String storedSecret, Instant now) {
        jdbc.sql("""
                        INSERT INTO mfa_totp (account_id, secret, created_at) VALUES (?, ?, ?)
                        ON CONFLICT (account_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at,
                            last_used_step = 0
                        """).params(accountId, storedSecret, Timestamp.from(now)).update();
    }

    Optional<String> pendingSecret(long accountId) {
        return jdbc.sql("SELECT secret FROM mfa_totp WHERE account_id = ? AND confirmed_at IS NULL")
                .param(accountId)
                .query(String.class)
                .optional();
    }

    /** The pending secret, row locked until the transaction ends. */
    Optional<String> pendingSecretForUpdate(long accountId) {
        return jdbc.sql("SELECT secret FROM mfa_totp WHERE account_id = ? AND confirmed_at IS NULL FOR UPDATE")
                .param(accountId)
                .query(String.class)
                .optional();
    }

    void confirm(long accountId, Instant now, long step) {
        jdbc.sql("UPDATE mfa_totp SET confirmed_at = ?, last_used_step = ? WHERE account_id = ?")
                .params(Timestamp.from(now), step, accountId)
                .update();
    }

    /** The confirmed factor, row locked until the transaction ends. */
    Optional<Confirmed> confirmedForUpdate(long accountId) {
        return jdbc.sql("SELECT secret, last_used_step FROM mfa_totp"
                        + " WHERE account_id = ? AND confirmed_at IS NOT NULL FOR UPDATE")
                .param(accountId)
                .query((rs, n) -> new Confirmed(rs.getString(1), rs.getLong(2)))
                .optional();
    }

    void markUsed(long accountId, long step) {
        jdbc.sql("UPDATE mfa_totp SET last_used_step = ? WHERE account_id = ?")
                .params(step, accountId)
                .update();
    }

    void delete(long accountId) {
        jdbc.sql("DELETE FROM mfa_totp WHERE account_id = ?").param(accountId).update();
    }

    /** Every stored secret, rows locked until the transaction ends (for re-encryption). */
    List<Stored> allForUpdate() {
        return jdbc.sql("SELECT account_id, secret FROM mfa_totp FOR UPDATE")
                .query((rs, n) -> new Stored(rs.getLong(1), rs.getString(2)))
                .list();
    }

    void updateSecret(long accountId, String storedSecret) {
        jdbc.sql("UPDATE mfa_totp SET secret = ? WHERE account_id = ?")
                .params(storedSecret, accountId)
                .update();
    }
}
