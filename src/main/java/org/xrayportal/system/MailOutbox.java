package org.xrayportal.system;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code mail_outbox} table (V47): emails waiting to be sent, sent, or given up on. */
@Repository
class MailOutbox {

    enum Status {
        PENDING,
        SENT,
        FAILED
    }

    /** One email; {@code body} is null once sent. */
    record Mail(
            long id,
            String kind,
            String recipient,
            String sender,
            String subject,
            String body,
            Status status,
            int attempts,
            Instant createdAt,
            Instant nextAttemptAt,
            Instant sentAt,
            String lastError) {}

    /** How many emails are in each state, for the admin page and the metrics. */
    record Counts(long pending, long sent, long failed) {}

    private final JdbcClient jdbc;

    MailOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Joins the caller's transaction: the email exists exactly when the event that caused it was committed. */
    void add(String kind, String recipient, String sender, String subject, String body, Instant now) {
        jdbc.sql("INSERT INTO mail_outbox (kind, recipient, sender, subject, body, created_at, next_attempt_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(kind, recipient, sender, subject, body, Timestamp.from(now), Timestamp.from(now))
                .update();
    }

    /** The next due email, locked for this transaction; other nodes skip it (no email is sent twice at once). */
    Optional<Mail> lockNextDue(Instant now) {
        return jdbc.sql("SELECT * FROM mail_outbox WHERE status = 'PENDING' AND next_attempt_at <= ?"
                        + " ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED")
                .param(Timestamp.from(now))
                .query(MailOutbox::map)
                .optional();
    }

    void markSent(long id, Instant now) {
        jdbc.sql("UPDATE mail_outbox SET status = 'SENT', sent_at = ?, attempts = attempts + 1, body = NULL,"
                        + " last_error = NULL WHERE id = ?")
                .params(Timestamp.from(now), id)
                .update();
    }

    void markAttemptFailed(long id, String error, Instant retryAt, boolean giveUp) {
        jdbc.sql("UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, status = ?"
                        + " WHERE id = ?")
                .params(error, Timestamp.from(retryAt), giveUp ? Status.FAILED.name() : Status.PENDING.name(), id)
                .update();
    }

    /** An admin sends a failed email again (for example after the SMTP server was fixed). */
    boolean retry(long id, Instant now) {
        return jdbc.sql("UPDATE mail_outbox SET status = 'PENDING', next_attempt_at = ?, attempts = 0"
                                + " WHERE id = ? AND status = 'FAILED' AND body IS NOT NULL")
                        .params(Timestamp.from(now), id)
                        .update()
                == 1;
    }

    /** Emails not sent yet or given up on, then the latest sent ones; newest first. */
    List<Mail> latest(int limit) {
        return jdbc.sql("SELECT * FROM mail_outbox ORDER BY (status = 'SENT'), created_at DESC, id DESC LIMIT ?")
                .param(limit)
                .query(MailOutbox::map)
                .list();
    }

    Counts counts() {
        return jdbc.sql("SELECT count(*) FILTER (WHERE status = 'PENDING'), count(*) FILTER (WHERE status = 'SENT'),"
                        + " count(*) FILTER (WHERE status = 'FAILED') FROM mail_outbox")
                .query((rs, row) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .single();
    }

    private static Mail map(ResultSet rs, int row) throws SQLException {
        Timestamp sent = rs.getTimestamp("sent_at");
        return new Mail(
                rs.getLong("id"),
                rs.getString("kind"),
                rs.getString("recipient"),
                rs.getString("sender"),
                rs.getString("subject"),
                rs.getString("body"),
                Status.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("next_attempt_at").toInstant(),
                sent == null ? null : sent.toInstant(),
                rs.getString("last_error"));
    }
}
