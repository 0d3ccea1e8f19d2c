package org.xrayportal.access;

import static org.xrayportal.access.AccessRequests.date;
import static org.xrayportal.access.AccessRequests.instant;
import static org.xrayportal.access.AccessRequests.timestamp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class AccessGrants {

    private static final String COLUMNS = "id, request_id, account_id, scope, study_uid, date_from, date_to,"
            + " allow_download, granted_at, granted_by, expires_at, revoked_at, revoked_by, revoke_reason";

    private final JdbcClient jdbc;

    AccessGrants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(AccessGrant g) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO access_grant (request_id, account_id, scope, study_uid, date_from, date_to,
                            allow_download, granted_at, granted_by, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        g.requestId(),
                        g.accountId(),
                        g.scope().kind().name(),
                        g.scope().studyUid(),
                        date(g.scope().from()),
                        date(g.scope().to()),
                        g.allowDownload(),
                        timestamp(g.grantedAt()),
                        g.grantedBy(),
                        timestamp(g.expiresAt()))
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    Optional<AccessGrant> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM access_grant WHERE id = ?")
                .param(id)
                .query(AccessGrants::map)
                .optional();
    }

    Optional<AccessGrant> ofRequest(long requestId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM access_grant WHERE request_id = ?")
                .param(requestId)
                .query(AccessGrants::map)
                .optional();
    }

    List<AccessGrant> ofAccount(long accountId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM access_grant WHERE account_id = ? ORDER BY granted_at DESC")
                .param(accountId)
                .query(AccessGrants::map)
                .list();
    }

    /** @return false when the grant was revoked by someone else first */
    boolean revoke(AccessGrant g) {
        return jdbc.sql("""
                        UPDATE access_grant SET revoked_at = ?, revoked_by = ?, revoke_reason = ?
                        WHERE id = ? AND revoked_at IS NULL
                        """)
                        .params(timestamp(g.revokedAt()), g.revokedBy(), g.revokeReason(), g.id())
                        .update()
                == 1;
    }

    private static AccessGrant map(ResultSet rs, int row) throws SQLException {
        return new AccessGrant(
                rs.getLong("id"),
                rs.getLong("request_id"),
                rs.getLong("account_id"),
                AccessRequests.scope(rs),
                rs.getBoolean("allow_download"),
                instant(rs, "granted_at"),
                rs.getLong("granted_by"),
                instant(rs, "expires_at"),
                instant(rs, "revoked_at"),
                rs.getObject("revoked_by", Long.class),
                rs.getString("revoke_reason"));
    }
}
