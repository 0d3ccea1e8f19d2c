package org.xrayportal.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal cookie-keeping, CSRF-aware HTTP client that walks the portal the way a browser's form posts do, until
 * the Selenium support of the e2e branch is merged. Redirects are not followed automatically, so tests can see them;
 * {@link #follow(Page)} follows them. Cookies are kept regardless of their Secure flag (tests run over plain HTTP).
 */
public final class PortalBrowser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String csrf;
    private String clientAddress;
    private String acceptLanguage;

    public PortalBrowser(int port) {
        this.base = "http://localhost:" + port;
    }

    /** A response: status, body and the redirect target, if any. */
    public record Page(int status, String body, String location) {

        /**
         * Whether this is a redirect to exactly {@code pathAndQuery} (e.g. {@code /login?error}): the Location's path
         * and query, whether it is absolute or relative. {@code /login} does not match {@code /login?error}, nor
         * {@code /login/mfa} {@code /login/mfa/enrol}.
         */
        public boolean redirectsTo(String pathAndQuery) {
            return location != null && pathAndQuery.equals(redirectPath());
        }

        /** The Location's path and query ({@code /login?error}), or null when this is not a redirect. */
        public String redirectPath() {
            if (location == null) {
                return null;
            }
            URI target = URI.create(location);
            return target.getRawQuery() == null
                    ? target.getRawPath()
                    : target.getRawPath() + "?" + target.getRawQuery();
        }
    }

    /** Sends {@code X-Forwarded-For} is not trusted by the portal; this only names the browser in assertions. */
    public PortalBrowser as(String clientAddress) {
        this.clientAddress = clientAddress;
        return this;
    }

    /** Sends {@code Accept-Language} with every request from now on, as a browser set to that language does. */
    public PortalBrowser speaking(String acceptLanguage) {
        this.acceptLanguage = acceptLanguage;
        return this;
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** Posts a form with the CSRF token of the last page that had one (fetching {@code path} first if none). */
    public Page post(String path, Map<String, String> fields) {
        if (csrf == null) {
            get(path);
        }
        var all = new LinkedHashMap<>(fields);
        if (csrf != null) {
            all.put("_csrf", csrf);
        }
        String form = all.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** Loads {@code formPage} to get a fresh CSRF token, then posts to {@code action}. */
    public Page submit(String formPage, String action, Map<String, String> fields) {
        get(formPage);
        return post(action, fields);
    }

    public Page follow(Page page) {
        Page current = page;
        for (int hops = 0; current.location() != null && hops < 10; hops++) {
            current = get(current.location());
        }
        return current;
    }

    /** The response to a GET, streamed into {@code target} rather than held (a study ZIP may not fit the heap). */
    public record Download(int status, String contentType, String cacheControl, long bytes) {}

    public Download download(String path, Path target) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        withHeaders(request);
        try {
            HttpResponse<Path> response = http.send(request.build(), HttpResponse.BodyHandlers.ofFile(target));
            return new Download(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Cache-Control").orElse(null),
                    Files.size(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * As {@link #download(String, Path)}, read at most {@code bytesPerSecond}: a patient's slower line. The client
     * stops reading when behind, so the server's writes block as they would on such a line.
     */
    public Download download(String path, Path target, long bytesPerSecond) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        withHeaders(request);
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            long start = System.nanoTime();
            long read = 0;
            try (InputStream body = response.body();
                    OutputStream out = Files.newOutputStream(target)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                    out.write(buffer, 0, n);
                    read += n;
                    long due = start + read * 1_000_000_000L / bytesPerSecond;
                    LockSupport.parkNanos(due - System.nanoTime());
                }
            }
            return new Download(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Cache-Control").orElse(null),
                    read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Page signIn(String email, String password) {
        return submit("/login", "/login", Map.of("email", email, "password", password));
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    public void forgetCookies() {
        cookies.clear();
        csrf = null;
    }

    private Page send(HttpRequest.Builder request) {
        withHeaders(request);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().allValues("Set-Cookie").forEach(this::keepCookie);
            Matcher m = CSRF.matcher(response.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return new Page(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void withHeaders(HttpRequest.Builder request) {
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
    }

    private void keepCookie(String header) {
        String pair = header.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String name = pair.substring(0, eq).strip();
        String value = pair.substring(eq + 1).strip();
        boolean expired = header.toLowerCase().contains("max-age=0") || value.isEmpty();
        if (expired) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }

    private URI uri(String path) {
        return URI.create(path.startsWith("http") ? path : base + path);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
