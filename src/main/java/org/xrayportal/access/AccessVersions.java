package org.xrayportal.access;

import static org.xrayportal.access.AccessRequests.instant;
import static org.xrayportal.access.AccessRequests.timestamp;

import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The access version of an account (V63): a value that database triggers replace, from a sequence (so it never comes
 * back), with every change of the account's grants, identity link or consent in the change's own transaction; and
 * the version of everyone (row 0), replaced with every change of a consent document.
 */
@Repository
class AccessVersions {

    /**
     * The account's access version now (0 before its first change) and everyone's, and the moment the next consent
     * document published for later takes effect (null when none is), since a document becoming current by the clock
     * changes the decision without a write.
     */
    record Snapshot(long accountVersion, long globalVersion, Instant nextConsentDocument) {

        /** Whether nothing a decision depends on was written between the two reads. */
        boolean sameVersion(Snapshot other) {
            return accountVersion == other.accountVersion && globalVersion == other.globalVersion;
        }
    }

    private final JdbcClient jdbc;

    AccessVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One statement: two primary-key lookups and one on the (tiny) consent document table. */
    Snapshot read(long accountId, Instant now) {
        return jdbc.sql("""
                        SELECT (SELECT version FROM access_version WHERE account_id = ?) AS account_version,
                               (SELECT version FROM access_version WHERE account_id = 0) AS global_version,
                               (SELECT min(effective_from) FROM consent_document WHERE effective_from > ?) AS next_document
                        """)
                .params(accountId, timestamp(now))
                .query((rs, row) -> new Snapshot(
                        rs.getLong("account_version"), rs.getLong("global_version"), instant(rs, "next_document")))
                .single();
    }
}
