package org.xrayportal.access;

import static org.xrayportal.access.AccessRequests.instant;
import static org.xrayportal.access.AccessRequests.timestamp;

import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The access version of an account (V63): a number that database triggers raise with every change of the account's
 * grants, identity link or consent, and of any consent document, in the change's own transaction.
 */
@Repository
class AccessVersions {

    /**
     * The account's access version now, and the moment the next consent document published for later takes effect
     * (null when none is), since a document becoming current by the clock changes the decision without a write.
     */
    record Snapshot(long version, Instant nextConsentDocument) {}

    private final JdbcClient jdbc;

    AccessVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One statement, two primary-key lookups and one on the (tiny) consent document table. */
    Snapshot read(long accountId, Instant now) {
        return jdbc.sql("""
                        SELECT (SELECT coalesce(sum(version), 0) FROM access_version WHERE account_id IN (?, 0)) AS version,
                               (SELECT min(effective_from) FROM consent_document WHERE effective_from > ?) AS next_document
                        """)
                .params(accountId, timestamp(now))
                .query((rs, row) -> new Snapshot(rs.getLong("version"), instant(rs, "next_document")))
                .single();
    }
}
