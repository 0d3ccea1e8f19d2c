package org.xrayportal.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ConsentAcceptances {

    private static final String COLUMNS =
            "id, account_id, version, accepted_at, client_address, user_agent, ended_at, ended_reason";

    private final JdbcClient jdbc;

    ConsentAcceptances(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ConsentAcceptance> inForce(long accountId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consent_acceptance WHERE account_id = ? AND ended_at IS NULL")
                .param(accountId)
                .query(ConsentAcceptances::map)
                .optional();
    }

    /** Like {@link #inForce} but locks the account's acceptances until the transaction ends. */
    Optional<ConsentAcceptance> inForceForUpdate(long accountId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('consent', ?))")
                .param(accountId)
                .query()
                .singleRow();
        return inForce(accountId);
    }

    List<ConsentAcceptance> history(long accountId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consent_acceptance WHERE account_id = ? ORDER BY accepted_at DESC,"
                        + " id DESC")
                .param(accountId)
                .query(ConsentAcceptances::map)
                .list();
    }

    boolean anyEver(long accountId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM consent_acceptance WHERE account_id = ?)")
                .param(accountId)
                .query(Boolean.class)
                .single();
    }

    void insert(long accountId, int version, Instant at, String clientAddress, String userAgent) {
        jdbc.sql("""
                        INSERT INTO consent_acceptance (account_id, version, accepted_at, client_address, user_agent)
                        VALUES (?, ?, ?, ?, ?)
                        """)
                .params(accountId, version, Timestamp.from(at), clientAddress, userAgent)
                .update();
    }

    void end(long id, Instant at, ConsentAcceptance.EndReason reason, String clientAddress) {
        jdbc.sql("""
                        UPDATE consent_acceptance SET ended_at = ?, ended_reason = ?, ended_from_address = ?
                        WHERE id = ? AND ended_at IS NULL
                        """)
                .params(Timestamp.from(at), reason.name(), clientAddress, id)
                .update();
    }

    private static ConsentAcceptance map(ResultSet rs, int row) throws SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        String reason = rs.getString("ended_reason");
        return new ConsentAcceptance(
                rs.getLong("id"),
                rs.getLong("account_id"),
                rs.getInt("version"),
                rs.getTimestamp("accepted_at").toInstant(),
                rs.getString("client_address"),
                rs.getString("user_agent"),
                ended == null ? null : ended.toInstant(),
                reason == null ? null : ConsentAcceptance.EndReason.valueOf(reason));
    }
}
