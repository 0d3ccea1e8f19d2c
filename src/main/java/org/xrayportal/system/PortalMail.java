package org.xrayportal.system;

import java.net.URI;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The portal's emails, worded in the message bundles ({@code mail.<kind>.subject} and {@code mail.<kind>.body}).
 * Sent only after the transaction that caused them commits, on a virtual thread of their own, so a slow or absent
 * SMTP server never delays or fails the request. A failed send is logged without its content.
 */
@Component
public class PortalMail {

    private static final Logger log = LoggerFactory.getLogger(PortalMail.class);

    private final JavaMailSender mailSender;
    private final MessageSource messages;
    private final Properties properties;

    PortalMail(JavaMailSender mailSender, MessageSource messages, Properties properties) {
        this.mailSender = mailSender;
        this.messages = messages;
        this.properties = properties;
    }

    /**
     * The portal's public address followed by {@code path}, for links in emails; never taken from the request's Host
     * header, which a client controls.
     */
    public String link(String path) {
        String base = properties.baseUrl().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }

    public void send(String to, String kind, Object... args) {
        Locale locale = LocaleContextHolder.getLocale();
        var message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(to);
        message.setSubject(messages.getMessage("mail." + kind + ".subject", args, locale));
        message.setText(messages.getMessage("mail." + kind + ".body", args, locale)
                + "\n\n"
                + messages.getMessage("mail.footer", null, locale));
        Runnable sending = () -> Thread.ofVirtual().name("portal-mail").start(() -> {
            try {
                mailSender.send(message);
            } catch (MailException e) {
                log.warn("Could not send the '{}' email: {}", kind, e.getMessage());
            }
        });
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    sending.run();
                }
            });
        } else {
            sending.run();
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
