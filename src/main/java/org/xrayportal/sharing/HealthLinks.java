package org.xrayportal.sharing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SMART Health Links of shares, their one-use file locations, their DICOMweb tokens and what a token has audited. */
@Repository
class HealthLinks {

    /** A stored link: the share it belongs to and its files' key, wrapped. */
    record Link(long id, long shareId, String wrappedKey) {}

    /** A live DICOMweb token: its link and share. */
    record Token(String hash, long shareId, long linkId, Instant expiresAt) {}

    private final JdbcClient jdbc;

    HealthLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long shareId, String manifestHash, String wrappedKey, Instant now) {
        return jdbc.sql("""
                        INSERT INTO share_health_link (share_id, manifest_hash, wrapped_key, created_at)
                        VALUES (?, ?, ?, ?) RETURNING id""")
                .params(shareId, manifestHash, wrappedKey, Timestamp.from(now))
                .query(Long.class)
                .single();
    }

    Optional<Link> byManifestHash(String manifestHash) {
        return jdbc.sql("SELECT id, share_id, wrapped_key FROM share_health_link WHERE manifest_hash = ?")
                .param(manifestHash)
                .query((rs, row) -> new Link(rs.getLong(1), rs.getLong(2), rs.getString(3)))
                .optional();
    }

    /**
     * Holds the share's row until the transaction ends, so that passcode attempts through the share's links are
     * counted one after another (the specification's lifetime count, even with parallel requests).
     */
    void lockShare(long shareId) {
        jdbc.sql("SELECT id FROM share WHERE id = ? FOR UPDATE")
                .param(shareId)
                .query(Long.class)
                .optional();
    }

    void addFile(String locationHash, long linkId, String jwe, Instant expiresAt, Instant now) {
        jdbc.sql("DELETE FROM share_health_link_file WHERE expires_at <= ?")
                .param(Timestamp.from(now))
                .update();
        jdbc.sql(
                        "INSERT INTO share_health_link_file (location_hash, health_link_id, jwe, expires_at) VALUES (?, ?, ?, ?)")
                .params(locationHash, linkId, jwe, Timestamp.from(expiresAt))
                .update();
    }

    /** The file's JWE and its link's share, if the location is still valid; the location is used up either way. */
    Optional<FileTaken> takeFile(String locationHash, Instant now) {
        return jdbc.sql("""
                        DELETE FROM share_health_link_file f USING share_health_link l
                        WHERE f.location_hash = ? AND l.id = f.health_link_id
                        RETURNING f.jwe, l.share_id, f.expires_at""")
                .param(locationHash)
                .query((rs, row) -> new FileTaken(
                        rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant()))
                .optional()
                .filter(file -> now.isBefore(file.expiresAt()));
    }

    record FileTaken(String jwe, long shareId, Instant expiresAt) {}

    void addToken(String tokenHash, long shareId, long linkId, Instant now, Instant expiresAt) {
        jdbc.sql("DELETE FROM share_dicomweb_token WHERE expires_at <= ?")
                .param(Timestamp.from(now))
                .update();
        jdbc.sql("""
                        INSERT INTO share_dicomweb_token (token_hash, share_id, health_link_id, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?)""")
                .params(tokenHash, shareId, linkId, Timestamp.from(now), Timestamp.from(expiresAt))
                .update();
    }

    Optional<Token> token(String tokenHash, Instant now) {
        return jdbc.sql("""
                        SELECT token_hash, share_id, health_link_id, expires_at FROM share_dicomweb_token
                        WHERE token_hash = ? AND expires_at > ?""")
                .params(tokenHash, Timestamp.from(now))
                .query((rs, row) -> new Token(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getTimestamp(4).toInstant()))
                .optional();
    }

    /** Whether this is the token's first time to record {@code seen}; remembered from now on. */
    boolean firstTime(String tokenHash, String seen) {
        return jdbc.sql("INSERT INTO share_dicomweb_seen (token_hash, seen) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .params(tokenHash, seen)
                        .update()
                == 1;
    }
}
