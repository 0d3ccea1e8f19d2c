package org.xrayportal.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;
import org.xrayportal.account.AccountService;
import org.xrayportal.security.Role;
import org.xrayportal.support.PortalIntegrationTest;

/**
 * Emails go through the outbox: none for a rolled-back transaction; with the SMTP server down they are retried, then
 * given up on and shown to admins with the reason; once the server is back an admin sends them again and they arrive
 * (their text then erased from the table).
 */
@PortalIntegrationTest(
        properties = {
            "portal.mail.outbox.first-retry=PT0.2S",
            "portal.mail.outbox.max-retry=PT0.2S",
            "portal.mail.outbox.max-attempts=3",
            "portal.mail.outbox.poll-interval=PT0.2S"
        })
@AutoConfigureMockMvc
@DirtiesContext // its own SMTP port
class MailOutboxIT {

    private static final int SMTP_PORT = freePort();

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @Autowired
    PortalMail mail;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    AccountService accounts;

    @Autowired
    UserDetailsService users;

    @Test
    void emailWhenSmtpDownThenRetriedGivenUpShownToAdminsAndSentAgainOnceItIsBack() throws Exception {
        transactions.executeWithoutResult(status -> {
            mail.send("rolled-back@example.test", "linked", "Rolled Back", "http://localhost/login");
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(
                status -> mail.send("outage@example.test", "linked", "Ola Outage", "http://localhost/login"));

        await(() -> "FAILED".equals(state("outage@example.test")));
        assertThat(rows("rolled-back@example.test")).isZero();
        var failed = jdbc.sql("SELECT id, attempts, last_error, body FROM mail_outbox WHERE recipient = ?")
                .param("outage@example.test")
                .query((rs, row) -> new Object[] {rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4)})
                .single();
        assertThat(failed[1]).isEqualTo(3);
        assertThat((String) failed[2]).contains("MailSendException");
        assertThat((String) failed[3]).contains("Ola Outage");

        accounts.create("outbox-admin@example.test", "Outbox Admin", Role.ADMIN, "correct horse battery staple");
        UserDetails admin = users.loadUserByUsername("outbox-admin@example.test");
        mvc.perform(get("/admin/mail").with(user(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("outage@example.test")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("gave up after 3 attempts")));

        GreenMail server = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        try {
            mvc.perform(post("/admin/mail/" + failed[0] + "/retry")
                            .with(user(admin))
                            .with(csrf()))
                    .andExpect(status().is3xxRedirection());
            await(() -> "SENT".equals(state("outage@example.test")));
            assertThat(server.getReceivedMessages()).hasSize(1);
            assertThat(server.getReceivedMessages()[0].getAllRecipients()[0].toString())
                    .isEqualTo("outage@example.test");
            assertThat(jdbc.sql("SELECT body FROM mail_outbox WHERE recipient = 'outage@example.test'")
                            .query(String.class)
                            .optional())
                    .isEmpty();
            // The time names its zone once (DisplayTime adds it; the message used to add " UTC" again).
            String page = mvc.perform(get("/admin/mail").with(user(admin)))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(page).doesNotContain("UTC UTC");
            assertThat(java.util.regex.Pattern.compile(
                                    "<span>Sent \\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2} UTC</span>")
                            .matcher(page)
                            .find())
                    .as("the sent state with one zone: %s", page)
                    .isTrue();
        } finally {
            server.stop();
        }
    }

    private String state(String recipient) {
        return jdbc.sql("SELECT status FROM mail_outbox WHERE recipient = ?")
                .param(recipient)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private long rows(String recipient) {
        return jdbc.sql("SELECT count(*) FROM mail_outbox WHERE recipient = ?")
                .param(recipient)
                .query(Long.class)
                .single();
    }

    private static void await(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
