package org.xrayportal.support;

import static org.assertj.core.api.Assertions.fail;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driving the portal like a person would, with screenshots and axe-core checks.
 *
 * <p>The driver and the browser binary are passed explicitly, so Selenium Manager is never asked to find (or download)
 * anything and the tests run offline. Missing Chromium fails the test with instructions instead of skipping: a skipped
 * browser test would hide that nobody checked the pages.
 */
public final class Browser implements AutoCloseable {

    /** The WCAG 2.1 A and AA rules; DESIGN.md section 8 asks for zero violations of these. */
    public static final List<String> WCAG_21_AA_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    public static final Dimension DESKTOP = new Dimension(1280, 900);
    public static final Dimension PHONE = new Dimension(390, 844);

    private static final Path TARGET = Path.of("target");
    private static final Path SCREENSHOTS = TARGET.resolve("screenshots");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ChromeDriver driver;
    private final Path profile;
    private final String baseUrl;
    private boolean phone;

    private Browser(ChromeDriver driver, Path profile, String baseUrl) {
        this.driver = driver;
        this.profile = profile;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts Chromium at desktop size.
     *
     * @param baseUrl where the portal runs; use {@code http://localhost:PORT}, not 127.0.0.1, because Chromium accepts
     *     the portal's {@code Secure} session cookie over plain http only on localhost
     */
    public static Browser start(String baseUrl) {
        Path chromium = executable("browser.chromium", "/usr/bin/chromium", "chromium");
        Path chromedriver = executable("browser.chromedriver", "/usr/bin/chromedriver", "chromium-driver");
        Path profile;
        try {
            profile = Files.createDirectories(TARGET.resolve("chromium-profiles")
                    .resolve(UUID.randomUUID().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--lang=en-US",
                "--window-size=" + DESKTOP.width + "," + DESKTOP.height,
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogFile(TARGET.resolve("chromedriver.log").toFile())
                .withAppendLog(true)
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Browser browser = new Browser(driver, profile, baseUrl.replaceAll("/+$", ""));
        browser.desktop();
        return browser;
    }

    static Path executable(String property, String defaultPath, String debianPackage) {
        Path path = Path.of(System.getProperty(property, defaultPath));
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("Browser tests need " + path + " (Debian package " + debianPackage
                    + "). Install it with `apt-get install -y chromium chromium-driver` (.ci/run does this),"
                    + " or point -D" + property + "= at another executable.");
        }
        return path;
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * Opens a path of the portal, e.g. {@code /login}, and waits until the page has loaded and been rendered: the
     * driver returns at the load event, but the browser moves focus to an {@code autofocus} field only in its next
     * rendering step, which on a busy machine comes after the load event. Two animation frames later it has happened.
     */
    public Browser open(String path) {
        driver.get(baseUrl + path);
        driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " requestAnimationFrame(() => requestAnimationFrame(() => done()));");
        return this;
    }

    /** The path (and query) of the current page, without scheme, host and port. */
    public String path() {
        String url = driver.getCurrentUrl();
        return url != null && url.startsWith(baseUrl) ? url.substring(baseUrl.length()) : url;
    }

    /** Waits until the browser shows {@code path} (with or without a query string). */
    public Browser waitForPath(String path) {
        wait(d -> {
            String current = path();
            return current.equals(path) || current.startsWith(path + "?");
        });
        return this;
    }

    /**
     * Waits for the condition; an element that went stale while the condition read it (the page it was on was just
     * replaced by the one being waited for) counts as "not yet", like one not found.
     */
    public <T> T wait(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, WAIT)
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    public WebElement find(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector));
    }

    public List<WebElement> findAll(String cssSelector) {
        return driver.findElements(By.cssSelector(cssSelector));
    }

    /** The visible text of the first element matching the selector. */
    public String text(String cssSelector) {
        return find(cssSelector).getText();
    }

    /** The element that has keyboard focus. */
    public WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** Width in CSS pixels of the outline drawn around the focused element; 0 when focus is invisible. */
    public long focusRingWidth() {
        Object width = driver.executeScript("const style = getComputedStyle(document.activeElement);"
                + " return style.outlineStyle === 'none' ? 0 : Math.round(parseFloat(style.outlineWidth));");
        return ((Number) width).longValue();
    }

    /** A 1280x900 desktop window. */
    public Browser desktop() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
        driver.manage().window().setSize(DESKTOP);
        phone = false;
        return this;
    }

    /**
     * A 390x844 phone screen with touch and mobile viewport rules (so {@code <meta name="viewport">} matters, as on a
     * real phone). Stays in effect across page loads until {@link #desktop()}.
     */
    public Browser phone() {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", PHONE.width, "height", PHONE.height, "deviceScaleFactor", 2, "mobile", true));
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
        phone = true;
        return this;
    }

    /** The CSS width of the page's viewport, to prove which mode is in effect. */
    public long viewportWidth() {
        return ((Number) driver.executeScript("return window.innerWidth")).longValue();
    }

    /**
     * Saves the whole page (not only the visible part) as {@code target/screenshots/NAME-desktop.png} or
     * {@code NAME-phone.png}, and returns the file.
     */
    public Path screenshot(String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> shot = (Map<String, Object>) (Map<?, ?>) driver.executeCdpCommand(
                "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "fromSurface", true));
        Path file = SCREENSHOTS.resolve(name + (phone ? "-phone" : "-desktop") + ".png");
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * Runs axe-core's WCAG 2.1 A/AA rules on the current page and fails with one line per problem (rule, impact, what
     * to fix, the offending elements) if there is any.
     */
    @SuppressWarnings("deprecation") // setLegacyMode: see below; axe-core keeps it for pages like ours
    public Browser assertAccessible() {
        // Legacy mode runs axe in the page itself; the default opens a second window per run to merge frame results,
        // which costs seconds and buys nothing on pages without iframes (the portal has none: frame-ancestors 'none').
        Results results = new AxeBuilder()
                .withTags(WCAG_21_AA_TAGS)
                .disableIframeTesting()
                .setLegacyMode(true)
                .analyze(driver);
        if (results.isErrored()) {
            fail("axe-core could not check " + path() + ": " + results.getErrorMessage());
        }
        List<Rule> violations = results.getViolations();
        if (violations != null && !violations.isEmpty()) {
            fail("axe-core found " + violations.size() + " accessibility violation(s) on " + path() + " ("
                    + (phone ? "phone" : "desktop") + "):\n" + describe(violations));
        }
        return this;
    }

    static String describe(List<Rule> violations) {
        return violations.stream()
                .map(rule -> "- " + rule.getId() + " [" + rule.getImpact() + "] " + rule.getHelp() + " ("
                        + rule.getHelpUrl() + ")\n"
                        + rule.getNodes().stream()
                                .map(node -> "    at " + node.getTarget() + ": "
                                        + String.valueOf(node.getFailureSummary())
                                                .replace("\n", " "))
                                .collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
    }

    /**
     * axe-core and a screenshot at desktop size, then the same at phone size after a reload; leaves the browser at
     * desktop size.
     */
    public Browser checkBothSizes(String name) {
        desktop();
        assertAccessible();
        screenshot(name);
        phone();
        driver.navigate().refresh();
        screenshot(name);
        if (viewportWidth() != PHONE.width) {
            fail("the page is wider than a phone (" + viewportWidth() + " CSS pixels) or phone emulation did not take"
                    + " effect on " + path());
        }
        assertAccessible();
        return desktop();
    }

    /** Fills in and sends the sign-in form of the page that is open. */
    public Browser signIn(String email, String password) {
        WebElement page = find("html");
        find("#email").sendKeys(email);
        find("#password").sendKeys(password);
        find("form.stacked-form button[type=submit]").click();
        waitUntilReplaced(page);
        completeSecondFactor(email);
        return this;
    }

    /** TOTP secrets of the accounts this test run enrolled, by email. */
    private static final Map<String, String> SECOND_FACTORS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Staff and admins give a second factor after the password (issue 4): enrols it the first time, as a person with
     * an authenticator app would, and enters a code later on.
     */
    private void completeSecondFactor(String email) {
        if (path().startsWith("/login/mfa/enrol")) {
            String secret = text(".totp-secret");
            SECOND_FACTORS.put(email, secret);
            submitCode(TestTotp.nextCode(secret));
            wait(d -> !findAll(".recovery-code").isEmpty());
            find("main a.button-primary").click();
        } else if (path().startsWith("/login/mfa") && SECOND_FACTORS.containsKey(email)) {
            submitCode(TestTotp.nextCode(SECOND_FACTORS.get(email)));
        }
    }

    private void submitCode(String code) {
        WebElement page = find("html");
        find("#code").sendKeys(code);
        find("main form button[type=submit]").click();
        waitUntilReplaced(page);
    }

    /**
     * Waits until {@code old} (typically the {@code html} element) has left the document, that is until the browser
     * has loaded the answer to a form post. Chromium sometimes reports an element of a replaced document as an
     * "unknown error" rather than as a stale element, which Selenium's {@code stalenessOf} does not catch.
     */
    public void waitUntilReplaced(WebElement old) {
        wait(d -> {
            try {
                old.isEnabled();
                return false;
            } catch (StaleElementReferenceException e) {
                return true;
            } catch (WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }

    /** Forgets the session and every other cookie, as if a different person sat down. */
    public Browser clearCookies() {
        driver.manage().deleteAllCookies();
        return this;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            // A leftover profile under target/ is harmless; the next clean removes it.
        }
    }
}
