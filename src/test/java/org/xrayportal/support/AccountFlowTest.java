package org.xrayportal.support;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xrayportal.account.AccountService;
import org.xrayportal.security.HomePages;
import org.xrayportal.security.Role;

/**
 * Base of the account flow tests: the whole portal on a random port with the real test PACS (staff identity checks
 * look identities up in it), with mail going to {@link TestMail}. All
 * subclasses share one Spring context, so tests must use email addresses of their own.
 */
@PortalWithPacsTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // Every test signs in (and asks for mail) from 127.0.0.1; address throttling is tested on its own.
        properties = {
            "portal.accounts.lockout.address-free-failures=100000",
            "portal.accounts.limits.mail-requests-per-address=100000"
        })
public abstract class AccountFlowTest {

    protected static final String PASSWORD = "a test passphrase nobody uses";

    @LocalServerPort
    protected int port;

    @Autowired
    protected AccountService accounts;

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", TestMail::port);
    }

    protected PortalBrowser browser() {
        return new PortalBrowser(port);
    }

    /** A new account with {@code role}, signed in in a browser of its own. */
    protected PortalBrowser signedIn(Role role, String email) {
        accounts.create(email, "Test " + role, role, PASSWORD);
        PortalBrowser browser = browser();
        var page = browser.signIn(email, PASSWORD);
        if (page.redirectsTo("/login/mfa/enrol")) {
            String secret = TestTotp.secretOn(browser.get("/login/mfa/enrol").body());
            secrets.put(email, secret);
            page = browser.post("/login/mfa/enrol", java.util.Map.of("code", TestTotp.code(secret, 0)));
            if (page.status() != 200 || !page.body().contains("recovery-code")) {
                throw new AssertionError("Enrolment of " + email + " failed with " + page.status());
            }
            page = browser.get(HomePages.of(role));
            return browser;
        }
        if (!page.redirectsTo(HomePages.of(role))) {
            throw new AssertionError("Sign-in of " + email + " went to " + page.location());
        }
        return browser;
    }

    /** TOTP secrets of the staff and admins that {@link #signedIn} enrolled, by email. */
    protected static final java.util.Map<String, String> secrets = new java.util.concurrent.ConcurrentHashMap<>();
}
