package org.xrayportal.sharing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Shares, their studies, their accesses, the recipients' sessions and the per-address throttle. */
@Repository
class Shares {

    private static final String COLUMNS = """
            id, account_id, recipient, second_factor, passcode_hash, allow_download, created_at, expires_at,
            revoked_at, failed_attempts, blocked_until, locked_at""";

    /** How long an address's wrong passcodes count against it. */
    static final Duration ADDRESS_WINDOW = Duration.ofDays(1);

    private final JdbcClient jdbc;

    Shares(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(
            long accountId,
            String tokenHash,
            String recipient,
            SecondFactor factor,
            String passcodeHash,
            boolean allowDownload,
            Instant createdAt,
            Instant expiresAt,
            List<String> studyUids) {
        long id = jdbc.sql("""
                        INSERT INTO share (account_id, token_hash, recipient, second_factor, passcode_hash,
                            allow_download, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(
                        accountId,
                        tokenHash,
                        recipient,
                        factor.name(),
                        passcodeHash,
                        allowDownload,
                        Timestamp.from(createdAt),
                        Timestamp.from(expiresAt))
                .query(Long.class)
                .single();
        for (int i = 0; i < studyUids.size(); i++) {
            jdbc.sql("INSERT INTO share_study (share_id, study_uid, position) VALUES (?, ?, ?)")
                    .params(id, studyUids.get(i), i)
                    .update();
        }
        return id;
    }

    Optional<Share> byTokenHash(String tokenHash) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM share WHERE token_hash = ?")
                .param(tokenHash)
                .query(Shares::share)
                .optional()
                .map(this::withStudies);
    }

    Optional<Share> byId(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM share WHERE id = ?")
                .param(id)
                .query(Shares::share)
                .optional()
                .map(this::withStudies);
    }

    List<Share> ofAccount(long accountId) {
        return jdbc
                .sql("SELECT " + COLUMNS + " FROM share WHERE account_id = ? ORDER BY created_at DESC, id DESC")
                .param(accountId)
                .query(Shares::share)
                .list()
                .stream()
                .map(this::withStudies)
                .toList();
    }

    /** Revokes the account's share if it is not revoked yet; false when there was nothing to revoke. */
    boolean revoke(long id, long accountId, Instant now) {
        return jdbc.sql("UPDATE share SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL")
                        .params(Timestamp.from(now), id, accountId)
                        .update()
                == 1;
    }

    /** Counts a wrong answer for the share; returns the new count. */
    int recordFailure(long id, Instant now, Duration backOff, boolean lock) {
        return jdbc.sql("""
                        UPDATE share SET failed_attempts = failed_attempts + 1,
                            blocked_until = CASE WHEN ? THEN ?::timestamptz + ? * interval '1 second'
                                ELSE blocked_until END,
                            locked_at = CASE WHEN ? AND locked_at IS NULL THEN ?::timestamptz ELSE locked_at END
                        WHERE id = ? RETURNING failed_attempts""")
                .params(!backOff.isZero(), Timestamp.from(now), backOff.toSeconds(), lock, Timestamp.from(now), id)
                .query(Integer.class)
                .single();
    }

    void forgetFailures(long id) {
        jdbc.sql("UPDATE share SET failed_attempts = 0, blocked_until = NULL WHERE id = ? AND locked_at IS NULL")
                .param(id)
                .update();
    }

    /** A new passcode hash (kept for a birth-date share, whose hash is null) and no failures, back-off or lock. */
    void renewPasscode(long id, String passcodeHash) {
        jdbc.sql("""
                        UPDATE share SET passcode_hash = coalesce(?, passcode_hash), failed_attempts = 0,
                            blocked_until = NULL, locked_at = NULL
                        WHERE id = ?""").params(passcodeHash, id).update();
    }

    void addAccess(long shareId, Instant at, Share.Access.Kind kind, Device device) {
        jdbc.sql("INSERT INTO share_access (share_id, occurred_at, kind, device) VALUES (?, ?, ?, ?)")
                .params(shareId, Timestamp.from(at), kind.name(), device.name())
                .update();
    }

    /** The accesses of the account's shares, newest first, by share id. */
    Map<Long, List<Share.Access>> accessesOfAccount(long accountId) {
        Map<Long, List<Share.Access>> accesses = new HashMap<>();
        jdbc.sql("""
                        SELECT a.share_id, a.occurred_at, a.kind, a.device FROM share_access a
                        JOIN share s ON s.id = a.share_id WHERE s.account_id = ?
                        ORDER BY a.occurred_at DESC, a.id DESC""")
                .param(accountId)
                .query((rs, row) -> {
                    accesses.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new Share.Access(
                                    rs.getTimestamp(2).toInstant(),
                                    Share.Access.Kind.valueOf(rs.getString(3)),
                                    Device.valueOf(rs.getString(4))));
                    return null;
                })
                .list();
        return accesses;
    }

    void createSession(String idHash, long shareId, Instant now) {
        jdbc.sql("INSERT INTO share_session (id_hash, share_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)")
                .params(idHash, shareId, Timestamp.from(now), Timestamp.from(now))
                .update();
    }

    /**
     * The share of a session that is neither idle longer than {@code idle} nor older than {@code maximum}, marking it
     * seen now; an ended session is removed.
     */
    Optional<Long> touchSession(String idHash, Instant now, Duration idle, Duration maximum) {
        Optional<Long> share = jdbc.sql("""
                        UPDATE share_session SET last_seen_at = ?
                        WHERE id_hash = ? AND last_seen_at > ? AND created_at > ? RETURNING share_id""")
                .params(
                        Timestamp.from(now),
                        idHash,
                        Timestamp.from(now.minus(idle)),
                        Timestamp.from(now.minus(maximum)))
                .query(Long.class)
                .optional();
        if (share.isEmpty()) {
            deleteSession(idHash);
        }
        return share;
    }

    void deleteSession(String idHash) {
        jdbc.sql("DELETE FROM share_session WHERE id_hash = ?").param(idHash).update();
    }

    /** Sessions past their maximum lifetime that nobody came back to (removed when a new one starts). */
    void deleteSessionsOlderThan(Instant createdBefore) {
        jdbc.sql("DELETE FROM share_session WHERE created_at < ?")
                .param(Timestamp.from(createdBefore))
                .update();
    }

    /** Every recipient's session (the clinic turned sharing off); returns how many there were. */
    int deleteAllSessions() {
        return jdbc.sql("DELETE FROM share_session").update();
    }

    void deleteSessionsOf(long shareId) {
        jdbc.sql("DELETE FROM share_session WHERE share_id = ?").param(shareId).update();
    }

    /** Whether this is the session's first time to record {@code seen}; remembered from now on. */
    boolean firstTime(String sessionHash, String seen) {
        return jdbc.sql("INSERT INTO share_session_seen (id_hash, seen) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .params(sessionHash, seen)
                        .update()
                == 1;
    }

    boolean addressBlocked(String address, Instant now) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM share_address_throttle WHERE address = ? AND blocked_until > ?)")
                .params(address, Timestamp.from(now))
                .query(Boolean.class)
                .single();
    }

    /** Counts a wrong answer from the address (failures older than a day are forgotten); returns the new count. */
    int recordAddressFailure(String address, Instant now) {
        return jdbc.sql("""
                        INSERT INTO share_address_throttle AS t (address, failures, last_failure_at)
                        VALUES (?, 1, ?)
                        ON CONFLICT (address) DO UPDATE
                        SET failures = CASE WHEN t.last_failure_at < ? THEN 1 ELSE t.failures + 1 END,
                            last_failure_at = EXCLUDED.last_failure_at
                        RETURNING failures""")
                .params(address, Timestamp.from(now), Timestamp.from(now.minus(ADDRESS_WINDOW)))
                .query(Integer.class)
                .single();
    }

    /**
     * Forgets the addresses whose failures are older than the throttle's window ({@link #ADDRESS_WINDOW}) and that are
     * not waiting any more: such a row would count as a first failure again anyway. Returns how many were removed.
     */
    int pruneAddressThrottle(Instant now) {
        return jdbc.sql("""
                        DELETE FROM share_address_throttle
                        WHERE last_failure_at < ? AND (blocked_until IS NULL OR blocked_until <= ?)""")
                .params(Timestamp.from(now.minus(ADDRESS_WINDOW)), Timestamp.from(now))
                .update();
    }

    void blockAddress(String address, Instant until) {
        jdbc.sql("UPDATE share_address_throttle SET blocked_until = ? WHERE address = ?")
                .params(Timestamp.from(until), address)
                .update();
    }

    private Share withStudies(Share share) {
        List<String> studies = jdbc.sql("SELECT study_uid FROM share_study WHERE share_id = ? ORDER BY position")
                .param(share.id())
                .query(String.class)
                .list();
        return new Share(
                share.id(),
                share.accountId(),
                share.recipient(),
                share.secondFactor(),
                share.passcodeHash(),
                share.allowDownload(),
                share.createdAt(),
                share.expiresAt(),
                share.revokedAt(),
                share.failedAttempts(),
                share.blockedUntil(),
                share.lockedAt(),
                List.copyOf(studies));
    }

    private static Share share(ResultSet rs, int row) throws SQLException {
        return new Share(
                rs.getLong("id"),
                rs.getLong("account_id"),
                rs.getString("recipient"),
                SecondFactor.valueOf(rs.getString("second_factor")),
                rs.getString("passcode_hash"),
                rs.getBoolean("allow_download"),
                instant(rs, "created_at"),
                instant(rs, "expires_at"),
                instant(rs, "revoked_at"),
                rs.getInt("failed_attempts"),
                instant(rs, "blocked_until"),
                instant(rs, "locked_at"),
                List.of());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
