package org.xrayportal.support;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Gives browser tests a {@link Browser} pointed at the portal that {@code @PortalIntegrationTest(webEnvironment =
 * RANDOM_PORT)} started. One Chromium per test class (starting one costs about a second); before each test its cookies
 * are cleared and it is back at desktop size, so tests do not see each other's sessions. JUnit closes it after the
 * class.
 *
 * <pre>
 * &#64;PortalIntegrationTest(webEnvironment = RANDOM_PORT)
 * &#64;ExtendWith(BrowserExtension.class)
 * class SomeJourneyIT {
 *     &#64;Test
 *     void something(Browser browser) { browser.open("/login"); ... }
 * }
 * </pre>
 */
public class BrowserExtension implements BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Browser.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        browser(context).clearCookies().desktop();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return browser(context);
    }

    private static Browser browser(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().orElseThrow();
        }
        return classContext
                .getStore(NAMESPACE)
                .computeIfAbsent(Browser.class, key -> Browser.start(baseUrl(context)), Browser.class);
    }

    /** {@code localhost}, not 127.0.0.1: Chromium sends the {@code Secure} session cookie over http only there. */
    private static String baseUrl(ExtensionContext context) {
        String port = SpringExtension.getApplicationContext(context)
                .getEnvironment()
                .getRequiredProperty("local.server.port");
        return "http://localhost:" + port;
    }
}
