package org.xrayportal.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the outbox's due emails, one transaction per email (the row stays locked while it is sent, so two nodes never
 * send it twice at once). A failure is recorded with its reason and retried with exponential backoff; after
 * {@code maxAttempts} the email is marked failed and shown to admins on {@code /admin/mail}.
 */
@Component
class MailOutboxWorker {

    private static final Logger log = LoggerFactory.getLogger(MailOutboxWorker.class);
    private static final int BATCH = 100;

    private final MailOutbox outbox;
    private final JavaMailSender mailSender;
    private final TransactionTemplate transactions;
    private final MailOutboxProperties properties;
    private final Clock clock;
    private final Counter sent;
    private final Counter failedAttempts;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wakeAgain = new AtomicBoolean();

    MailOutboxWorker(
            MailOutbox outbox,
            JavaMailSender mailSender,
            TransactionTemplate transactions,
            MailOutboxProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.outbox = outbox;
        this.mailSender = mailSender;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.sent = Counter.builder("portal.mail.sent")
                .description("Emails handed to the SMTP server")
                .register(meters);
        this.failedAttempts = Counter.builder("portal.mail.failed.attempts")
                .description("Attempts to send an email that the SMTP server did not take")
                .register(meters);
        Gauge.builder("portal.mail.outbox.failed", outbox, o -> o.counts().failed())
                .description("Emails given up on after every retry (see /admin/mail)")
                .register(meters);
    }

    /** Right after a transaction with emails committed: send them now rather than at the next poll. */
    void wake() {
        Thread.ofVirtual().name("portal-mail").start(this::sendDue);
    }

    @Scheduled(fixedDelayString = "${portal.mail.outbox.poll-interval:PT10S}")
    void sendDue() {
        wakeAgain.set(true);
        do {
            if (!draining.compareAndSet(false, true)) {
                return; // the running drain sees wakeAgain and goes round once more
            }
            try {
                while (wakeAgain.getAndSet(false)) {
                    drain();
                }
            } catch (RuntimeException e) {
                log.warn("Mail outbox: {}", e.getMessage());
            } finally {
                draining.set(false);
            }
        } while (wakeAgain.get());
    }

    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            Boolean found = transactions.execute(status -> outbox.lockNextDue(clock.instant())
                    .map(mail -> {
                        attempt(mail);
                        return true;
                    })
                    .orElse(false));
            if (!Boolean.TRUE.equals(found)) {
                return;
            }
        }
        wakeAgain.set(true);
    }

    private void attempt(MailOutbox.Mail mail) {
        try {
            MimeMessage message = mailSender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
            helper.setFrom(mail.sender());
            helper.setTo(mail.recipient());
            helper.setSubject(mail.subject());
            helper.setText(mail.body());
            mailSender.send(message);
            outbox.markSent(mail.id(), clock.instant());
            sent.increment();
        } catch (Exception e) { // MailException, MessagingException, or a bad address: all mean "not sent"
            failedAttempts.increment();
            int attempts = mail.attempts() + 1;
            boolean giveUp = attempts >= properties.maxAttempts();
            Instant retryAt = clock.instant().plus(properties.backoff(attempts));
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            outbox.markAttemptFailed(
                    mail.id(), reason.length() > 1000 ? reason.substring(0, 1000) : reason, retryAt, giveUp);
            log.warn(
                    "Could not send the '{}' email #{} (attempt {}{}): {}",
                    mail.kind(),
                    mail.id(),
                    attempts,
                    giveUp ? ", giving up" : ", retrying at " + retryAt,
                    e.getMessage());
        }
    }
}
