package org.xrayportal.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One GreenMail SMTP server for the test run, on a free port (other builds share this machine). Tests point Spring
 * Mail at it with {@code @DynamicPropertySource}.
 */
public final class TestMail {

    private static GreenMail server;

    private TestMail() {}

    public static synchronized GreenMail server() {
        if (server == null) {
            server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    public static int port() {
        return server().getSmtp().getPort();
    }

    /** The messages sent to {@code address} so far, oldest first. */
    public static List<MimeMessage> to(String address) {
        return Arrays.stream(server().getReceivedMessages())
                .filter(message -> {
                    try {
                        return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                                .anyMatch(r -> r.toString().equalsIgnoreCase(address));
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    /** Waits up to ten seconds for at least {@code count} messages to {@code address}: mail is sent asynchronously. */
    public static List<MimeMessage> awaitTo(String address, int count) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        List<MimeMessage> messages = to(address);
        while (messages.size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            messages = to(address);
        }
        if (messages.size() < count) {
            throw new AssertionError("Expected " + count + " email(s) to " + address + ", got " + messages.size());
        }
        return messages;
    }

    public static String body(MimeMessage message) {
        return GreenMailUtil.getBody(message).replace("=\r\n", "").replace("=3D", "=");
    }

    /**
     * The path (and query) of the first link in the latest message to {@code address} that contains {@code pathPart};
     * the host is dropped because tests run on a random port.
     */
    public static String lastLink(String address, String pathPart) {
        List<MimeMessage> messages = awaitTo(address, 1);
        Matcher m = Pattern.compile("https?://\\S*" + Pattern.quote(pathPart) + "\\S*")
                .matcher(body(messages.getLast()));
        if (!m.find()) {
            throw new AssertionError("No link with " + pathPart + " in " + body(messages.getLast()));
        }
        return m.group().replaceFirst("^https?://[^/]+", "");
    }
}
