package org.xrayportal.account.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts the emails that anonymous requests make the portal send, per recipient and per client address, in PostgreSQL
 * so that the limit holds across nodes (issue 12). Callers ask before sending and stay silent when refused: the
 * visible answer never changes, so the limit reveals nothing either.
 */
@Service
public class MailRateLimit {

    private final JdbcClient jdbc;
    private final AbuseLimits limits;
    private final Clock clock;

    public MailRateLimit(JdbcClient jdbc, AbuseLimits limits, Clock clock) {
        this.jdbc = jdbc;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Counts one request from {@code clientAddress}; false once the address has used up its window. Requests outside a
     * web request (no address) are not counted.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public boolean allowRequestFrom(String clientAddress) {
        return clientAddress == null || count("ADDRESS", clientAddress) <= limits.mailRequestsPerAddress();
    }

    /** Counts one email to {@code recipient}; false once the recipient has had its share this window. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public boolean allowMailTo(String recipient) {
        return count("RECIPIENT", normalize(recipient)) <= limits.mailsPerRecipient();
    }

    private int count(String scope, String subject) {
        Instant now = clock.instant();
        return jdbc.sql("""
                        INSERT INTO mail_rate_limit AS m (scope, subject, window_start, sent)
                        VALUES (?, ?, ?, 1)
                        ON CONFLICT (scope, subject) DO UPDATE
                        SET sent = CASE WHEN m.window_start <= ? THEN 1 ELSE m.sent + 1 END,
                            window_start = CASE WHEN m.window_start <= ? THEN EXCLUDED.window_start
                                ELSE m.window_start END
                        RETURNING sent
                        """)
                .params(
                        scope,
                        subject,
                        Timestamp.from(now),
                        Timestamp.from(now.minus(limits.mailWindow())),
                        Timestamp.from(now.minus(limits.mailWindow())))
                .query(Integer.class)
                .single();
    }

    private static String normalize(String email) {
        String normalized = email.strip().toLowerCase(Locale.ROOT);
        return normalized.length() > 320 ? normalized.substring(0, 320) : normalized;
    }
}
