package org.xrayportal.account;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The account feature's emails, worded in the message bundles ({@code mail.*}). Sent on a virtual thread of their
 * own: a slow or absent SMTP server must not show in the response time, which would tell whether an address has an
 * account. A failed send is logged (without the link) and never shown to the person who asked.
 */
@Component
class AccountMail {

    private static final Logger log = LoggerFactory.getLogger(AccountMail.class);

    private final JavaMailSender mailSender;
    private final MessageSource messages;
    private final AccountProperties properties;

    AccountMail(JavaMailSender mailSender, MessageSource messages, AccountProperties properties) {
        this.mailSender = mailSender;
        this.messages = messages;
        this.properties = properties;
    }

    /** Sends {@code mail.<kind>.subject} and {@code mail.<kind>.body} with {@code args} to {@code to}. */
    void send(String to, String kind, Object... args) {
        Locale locale = LocaleContextHolder.getLocale();
        var message = new SimpleMailMessage();
        message.setFrom(properties.mailFrom());
        message.setTo(to);
        message.setSubject(messages.getMessage("mail." + kind + ".subject", args, locale));
        message.setText(messages.getMessage("mail." + kind + ".body", args, locale)
                + "\n\n"
                + messages.getMessage("mail.footer", null, locale));
        Runnable sending = () -> Thread.ofVirtual().name("account-mail").start(() -> {
            try {
                mailSender.send(message);
            } catch (MailException e) {
                log.warn("Could not send the '{}' email: {}", kind, e.getMessage());
            }
        });
        // Only what was committed is announced: a rolled-back change sends nothing.
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
}
