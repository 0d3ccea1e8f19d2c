package org.xrayportal.account.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.xrayportal.account.AccountService;
import org.xrayportal.security.HomePages;
import org.xrayportal.security.Role;
import org.xrayportal.support.Browser;
import org.xrayportal.support.BrowserExtension;
import org.xrayportal.support.PortalIntegrationTest;

/**
 * Signing in and out through a real Chromium against the whole portal on a real PostgreSQL. Every page the journey
 * passes is checked with axe-core (WCAG 2.1 A/AA) and photographed at desktop and phone size under
 * {@code target/screenshots/}.
 */
@PortalIntegrationTest(webEnvironment = RANDOM_PORT)
@ExtendWith(BrowserExtension.class)
class SignInJourneyIT {

    private static final String PASSWORD = "correct horse battery staple 7";
    private static final Set<String> CHECKED_PAGES = ConcurrentHashMap.newKeySet();

    @Autowired
    AccountService accounts;

    @Autowired
    MessageSource messages;

    @BeforeEach
    void accountForEachRole() {
        for (Role role : Role.values()) {
            accounts.createIfAbsent(email(role), displayName(role), role, PASSWORD);
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void signInWhenPasswordIsRightThenRoleHomePageShowsWhoIsSignedInUntilSignOut(Role role, Browser browser) {
        browser.open("/login");
        checkPage(browser, "login");

        signIn(browser, email(role), PASSWORD);

        String home = HomePages.of(role);
        browser.waitForPath(home);
        assertThat(browser.path()).isEqualTo(home);
        assertThat(browser.text(".who-name"))
                .isEqualTo(message("layout.signedInAs", displayName(role), roleName(role)));
        checkPage(browser, "home-" + role.name().toLowerCase(Locale.ROOT));

        browser.find(".who button[type=submit]").click();

        browser.waitForPath("/login");
        assertThat(browser.path()).isEqualTo("/login?signedOut");
        assertThat(browser.text("[role=status]")).isEqualTo(message("signIn.signedOut"));
        assertThat(browser.findAll(".who")).isEmpty();
        checkPage(browser, "signed-out");

        browser.open(home);
        browser.waitForPath("/login");
        assertThat(browser.path())
                .as("signed out for real: the home page asks to sign in again")
                .isEqualTo("/login");
    }

    /** The sign-in page left open until its session was gone: sent back calmly, not told "no access" (403). */
    @Test
    void signInWhenCookiesWentWhileThePageWasOpenThenBackToSignInSayingTheSessionEnded(Browser browser) {
        browser.open("/login");
        browser.clearCookies();

        browser.signIn(email(Role.PATIENT), PASSWORD);

        assertThat(browser.path()).isEqualTo("/login?expired");
        assertThat(browser.text("h1")).isEqualTo(message("signIn.heading"));
        assertThat(browser.text("[role=status]")).isEqualTo("Your session has ended. Please sign in again.");
        assertThat(browser.findAll(".who")).isEmpty();

        signIn(browser, email(Role.PATIENT), PASSWORD);
        browser.waitForPath(HomePages.of(Role.PATIENT));
        assertThat(browser.path()).isEqualTo(HomePages.of(Role.PATIENT));
    }

    /** A signed-in person's form with a token that no longer matches: refused, and the page says what happened. */
    @Test
    void signOutWhenTheFormsTokenNoLongerMatchesThenStillSignedInAndToldTheFormWasNotSent(Browser browser) {
        browser.open("/login");
        signIn(browser, email(Role.PATIENT), PASSWORD);
        browser.waitForPath(HomePages.of(Role.PATIENT));
        browser.driver().executeScript("document.querySelector('.who input[name=_csrf]').value = 'stale';");
        WebElement page = browser.find("html");

        browser.find(".who button[type=submit]").click();
        browser.waitUntilReplaced(page);

        assertThat(browser.path()).isEqualTo("/logout");
        assertThat(browser.text("h1")).isEqualTo("Your session ended or the page was open too long");
        assertThat(browser.text("main p")).startsWith("For your safety, what you typed was not sent.");
        assertThat(browser.find("main a").getAttribute("href")).endsWith("/");
        assertThat(browser.find("main a").getText()).isEqualTo(message("error.backHome"));
        assertThat(browser.text(".who-name"))
                .as("not signed out: the form was refused")
                .isEqualTo(message("layout.signedInAs", displayName(Role.PATIENT), roleName(Role.PATIENT)));
    }

    @Test
    void signInWhenPasswordIsWrongThenErrorMessageAndStillSignedOut(Browser browser) {
        browser.open("/login");

        signIn(browser, email(Role.PATIENT), "not the password");

        browser.waitForPath("/login");
        assertThat(browser.path()).isEqualTo("/login?error");
        assertThat(browser.text("[role=alert]")).isEqualTo(message("signIn.failed"));
        assertThat(browser.findAll(".who")).isEmpty();
        checkPage(browser, "login-error");
    }

    @Test
    void keyboardWhenTabbingThroughSignInThenFocusIsAlwaysVisible(Browser browser) {
        browser.open("/login");
        assertThat(browser.focused().getAttribute("id")).as("autofocus").isEqualTo("email");

        for (String expected : new String[] {"password", "submit", "footer link"}) {
            browser.focused().sendKeys(Keys.TAB);
            assertThat(browser.focusRingWidth())
                    .as("focus ring on the " + expected)
                    .isGreaterThanOrEqualTo(2);
        }

        // Backwards from the email field: the language switcher's two buttons, the portal's name, the skip link.
        browser.open("/login");
        browser.focused().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
        assertThat(browser.focused().getAttribute("lang")).isEqualTo("es");
        assertThat(browser.focusRingWidth())
                .as("focus ring on the language switcher")
                .isGreaterThanOrEqualTo(2);
        browser.focused().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
        assertThat(browser.focused().getAttribute("lang")).isEqualTo("en");
        browser.focused().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
        browser.focused().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
        assertThat(browser.focused().getText()).isEqualTo(message("layout.skipToContent"));
        assertThat(browser.focused().getRect().getX())
                .as("skip link shown on focus")
                .isNotNegative();
        assertThat(browser.focusRingWidth()).isGreaterThanOrEqualTo(2);
        browser.screenshot("login-skip-link-focused");
    }

    @Test
    void helpPageWhenSignedOutThenReadableAndAccessible(Browser browser) {
        browser.open("/help/images");

        assertThat(browser.text("h1")).isEqualTo("About your images"); // the help text seeded by V66
        checkPage(browser, "help");
    }

    @Test
    void unknownPageWhenSignedInThenFriendlyNotFoundPage(Browser browser) {
        browser.open("/login");
        signIn(browser, email(Role.PATIENT), PASSWORD);
        browser.waitForPath("/patient");

        browser.open("/patient/no-such-page");

        assertThat(browser.text("h1")).isEqualTo(message("error.404.heading"));
        assertThat(browser.driver().getTitle()).isEqualTo(message("error.404.title"));
        assertThat(browser.driver().getPageSource()).doesNotContain("Exception", "Whitelabel");
        checkPage(browser, "not-found");
    }

    /**
     * axe-core and a screenshot at desktop size, then the same at phone size; leaves the browser at desktop size. Each
     * page is checked the first time a journey passes it (the login page looks the same for every role).
     */
    private static void checkPage(Browser browser, String name) {
        if (CHECKED_PAGES.add(name)) {
            browser.checkBothSizes(name);
        }
    }

    private static void signIn(Browser browser, String email, String password) {
        browser.signIn(email, password);
    }

    private static String email(Role role) {
        return role.name().toLowerCase(Locale.ROOT) + "@journey.test";
    }

    private static String displayName(Role role) {
        return switch (role) {
            case PATIENT -> "Jürgen Müller";
            case STAFF -> "Sam Staff";
            case ADMIN -> "Ada Admin";
        };
    }

    private String roleName(Role role) {
        return message("role." + role.name());
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, Locale.ENGLISH);
    }
}
