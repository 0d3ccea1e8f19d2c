package org.xrayportal.system;

import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The portal's emails, worded in the message bundles ({@code mail.<kind>.subject} and {@code mail.<kind>.body}).
 * Written to the mail outbox in the transaction that caused them and sent by {@link MailOutboxWorker} after it
 * commits, so a slow or absent SMTP server never delays or fails the request and no email is lost; failures are
 * retried and shown to admins on {@code /admin/mail}.
 */
@Component
public class PortalMail {

    private final MailOutbox outbox;
    private final MailOutboxWorker worker;
    private final MessageSource messages;
    private final Properties properties;
    private final Clock clock;

    PortalMail(MailOutbox outbox, MailOutboxWorker worker, MessageSource messages, Properties properties, Clock clock) {
        this.outbox = outbox;
        this.worker = worker;
        this.messages = messages;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The portal's public address followed by {@code path}, for links in emails; never taken from the request's Host
     * header, which a client controls.
     */
    public String link(String path) {
        String base = properties.baseUrl().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    /**
     * Queues an email in the outbox, composed in the language of the current request (for emails to the person making
     * it: registration, confirmation), English outside a request, in the caller's transaction when there is one: it is sent (and retried until it
     * is) only if that transaction commits, and a crash or an SMTP outage loses nothing.
     */
    public void send(String to, String kind, Object... args) {
        Locale language = LocaleContextHolder.getLocaleContext() == null
                ? PortalLanguages.FALLBACK
                : LocaleContextHolder.getLocale();
        send(to, language, kind, args);
    }

    /**
     * Like {@link #send(String, String, Object...)}, composed in {@code language}: for an email to someone other than
     * the person whose request causes it (a patient told of a staff decision), in the recipient's language.
     */
    public void send(String to, Locale language, String kind, Object... args) {
        Locale locale = PortalLanguages.supported(language.getLanguage()).orElse(PortalLanguages.FALLBACK);
        String subject = messages.getMessage("mail." + kind + ".subject", args, locale);
        String body = messages.getMessage("mail." + kind + ".body", args, locale)
                + "\n\n"
                + messages.getMessage("mail.footer", null, locale);
        outbox.add(kind, to, properties.from(), subject, body, clock.instant());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    worker.wake();
                }
            });
        } else {
            worker.wake();
        }
    }

    /**
     * @param from the sender address of every email
     * @param baseUrl the portal's public address, used in emailed links
     */
    @ConfigurationProperties("portal.mail")
    record Properties(String from, URI baseUrl) {
        Properties {
            from = from == null || from.isBlank() ? "portal@localhost" : from;
            baseUrl = baseUrl == null ? URI.create("http://localhost:8080") : baseUrl;
        }
    }
}
