package org.xrayportal.system.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The demo's own mail server: an in-process GreenMail SMTP server on a free port, so that every emailed flow
 * (self-registration, password reset, staff invitations) completes in the demo. The portal's mail sender points at it;
 * {@code /demo/mailbox} lists what it received.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
public class DemoMailbox {

    private static final Logger log = LoggerFactory.getLogger(DemoMailbox.class);
    private static final Pattern LINK = Pattern.compile("https?://\\S+");

    /** One received email, its body cut into text and links for the page. */
    public record Mail(Instant received, String to, String subject, List<Part> body) {}

    /** Plain text, or a link when {@code link} is true. */
    public record Part(String text, boolean link) {}

    @Bean(destroyMethod = "stop")
    GreenMail demoMailServer() {
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        server.start();
        log.info(
                "Demo mailbox: SMTP on 127.0.0.1:{}; read the portal's emails at /demo/mailbox",
                server.getSmtp().getPort());
        return server;
    }

    @Bean
    JavaMailSender demoMailSender(GreenMail demoMailServer) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(demoMailServer.getSmtp().getPort());
        sender.setDefaultEncoding("UTF-8");
        return sender;
    }

    /** Newest first. */
    public static List<Mail> messages(GreenMail server) {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            try {
                String to = Arrays.stream(message.getAllRecipients())
                        .map(Object::toString)
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("");
                Instant received = message.getReceivedDate() == null
                        ? Instant.EPOCH
                        : message.getReceivedDate().toInstant();
                mails.add(new Mail(received, to, message.getSubject(), parts(body(message))));
            } catch (MessagingException e) {
                log.warn("Demo mailbox: unreadable message: {}", e.getMessage());
            }
        }
        return newestFirst(mails);
    }

    /**
     * By the time each was received, newest first. GreenMail lists its messages mailbox by mailbox, not in the order
     * they arrived; of two received in the same instant, the one it listed later comes first.
     */
    static List<Mail> newestFirst(List<Mail> mails) {
        return mails.reversed().stream()
                .sorted(Comparator.comparing(Mail::received).reversed())
                .toList();
    }

    static String body(MimeMessage message) {
        try {
            return message.getContent() instanceof String text ? text : GreenMailUtil.getBody(message);
        } catch (IOException | MessagingException e) {
            return GreenMailUtil.getBody(message);
        }
    }

    static List<Part> parts(String body) {
        List<Part> parts = new ArrayList<>();
        Matcher m = LINK.matcher(body);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(new Part(body.substring(at, m.start()), false));
            }
            // "Sign in at https://.../login." : the sentence's full stop is not part of the link.
            String link = m.group().replaceFirst("[.,;:!?)]+$", "");
            parts.add(new Part(link, true));
            at = m.start() + link.length();
        }
        if (at < body.length()) {
            parts.add(new Part(body.substring(at), false));
        }
        return parts;
    }
}
