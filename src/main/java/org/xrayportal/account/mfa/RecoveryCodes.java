package org.xrayportal.account.mfa;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** One-time recovery codes in {@code mfa_recovery_code}, stored as SHA-256 hashes of their normalised form. */
@Repository
class RecoveryCodes {

    private final JdbcClient jdbc;

    RecoveryCodes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(long accountId, String codeHash) {
        jdbc.sql("INSERT INTO mfa_recovery_code (account_id, code_hash) VALUES (?, ?)")
                .params(accountId, codeHash)
                .update();
    }

    void deleteAll(long accountId) {
        jdbc.sql("DELETE FROM mfa_recovery_code WHERE account_id = ?")
                .param(accountId)
                .update();
    }

    /** Uses the code up; false when the account has no such unused code. */
    boolean use(long accountId, String codeHash, Instant now) {
        return jdbc.sql("UPDATE mfa_recovery_code SET used_at = ? WHERE account_id = ? AND code_hash = ?"
                                + " AND used_at IS NULL")
                        .params(Timestamp.from(now), accountId, codeHash)
                        .update()
                == 1;
    }
}
