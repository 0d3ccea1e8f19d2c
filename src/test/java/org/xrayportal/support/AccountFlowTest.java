package org.xrayportal.support;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.xrayportal.account.AccountService;

/**
 * Base of the account flow tests: the whole portal on a random port, with mail going to {@link TestMail}. All
 * subclasses share one Spring context, so tests must use email addresses of their own.
 */
@PortalIntegrationTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class AccountFlowTest {

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
}
