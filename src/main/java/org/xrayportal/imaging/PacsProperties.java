package org.xrayportal.imaging;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Connection to the PACS ({@code portal.pacs.*}). Every value has a default that works against an Orthanc on this
 * machine; the defaults live here (not in application.yml) so that code constructing the gateway directly gets them
 * too.
 *
 * @param baseUrl the DICOMweb root, e.g. {@code https://pacs.example.org/dicom-web}
 * @param auth how the portal authenticates to the PACS
 * @param tls optional trust store for a PACS with a private CA
 * @param connectTimeout TCP/TLS connect timeout per attempt
 * @param readTimeout hard limit for one attempt of a metadata or rendered-frame request (headers and body), and the
 *     longest pause allowed between two chunks of a streamed study
 * @param retry bounded retries of idempotent reads on connection failures and 502/503/504
 * @param circuitBreaker stops calling a failing PACS for a while
 * @param maxJsonSize largest accepted DICOM JSON response
 * @param maxImageSize largest accepted rendered frame
 * @param maxResults most studies/series/instances returned by one search
 * @param ownershipCacheTtl how long a confirmed "this object belongs to this identity" is remembered (0 = never)
 */
@ConfigurationProperties("portal.pacs")
public record PacsProperties(
        URI baseUrl,
        Auth auth,
        Tls tls,
        Duration connectTimeout,
        Duration readTimeout,
        Retry retry,
        CircuitBreaker circuitBreaker,
        DataSize maxJsonSize,
        DataSize maxImageSize,
        Integer maxResults,
        Duration ownershipCacheTtl) {

    public static final URI DEFAULT_BASE_URL = URI.create("http://localhost:8042/dicom-web");

    public PacsProperties {
        baseUrl = withoutTrailingSlash(baseUrl == null ? DEFAULT_BASE_URL : baseUrl);
        auth = auth == null ? Auth.NONE : auth;
        tls = tls == null ? new Tls(null, null, null) : tls;
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(3), "connect-timeout");
        readTimeout = positive(readTimeout, Duration.ofSeconds(15), "read-timeout");
        retry = retry == null ? new Retry(null, null) : retry;
        circuitBreaker = circuitBreaker == null ? new CircuitBreaker(null, null, null, null) : circuitBreaker;
        maxJsonSize = maxJsonSize == null ? DataSize.ofMegabytes(8) : maxJsonSize;
        maxImageSize = maxImageSize == null ? DataSize.ofMegabytes(32) : maxImageSize;
        maxResults = maxResults == null ? 500 : maxResults;
        ownershipCacheTtl = ownershipCacheTtl == null ? Duration.ofMinutes(1) : ownershipCacheTtl;
    }

    /** Worst case for one gateway call made of a single request: all attempts, each up to its timeout, and backoff. */
    public Duration requestBudget() {
        Duration perAttempt = connectTimeout.plus(readTimeout);
        return perAttempt.multipliedBy(retry.maxAttempts()).plus(retry.backoff().multipliedBy(retry.maxAttempts()));
    }

    public enum AuthType {
        NONE,
        BASIC,
        BEARER
    }

    /** Credentials for the PACS; come from the environment, never from the repository. */
    public record Auth(AuthType type, String username, String password, String token) {

        static final Auth NONE = new Auth(AuthType.NONE, null, null, null);

        public Auth {
            type = type == null ? AuthType.NONE : type;
            if (type == AuthType.BASIC && (username == null || password == null)) {
                throw new IllegalArgumentException("portal.pacs.auth.type=basic needs username and password");
            }
            if (type == AuthType.BEARER && (token == null || token.isBlank())) {
                throw new IllegalArgumentException("portal.pacs.auth.type=bearer needs a token");
            }
        }

        public static Auth basic(String username, String password) {
            return new Auth(AuthType.BASIC, username, password, null);
        }

        public static Auth bearer(String token) {
            return new Auth(AuthType.BEARER, null, null, token);
        }

        @Override
        public String toString() {
            return "Auth[type=" + type + ", username=" + username + "]";
        }
    }

    /** A trust store (PKCS12 by default) for the PACS's certificate; without one the JDK's default trust applies. */
    public record Tls(Path trustStore, String trustStorePassword, String trustStoreType) {

        public Tls {
            trustStoreType = trustStoreType == null ? "PKCS12" : trustStoreType;
        }

        @Override
        public String toString() {
            return "Tls[trustStore=" + trustStore + ", trustStoreType=" + trustStoreType + "]";
        }
    }

    /** @param maxAttempts attempts in total (1 = no retry) @param backoff wait before each retry, doubling */
    public record Retry(Integer maxAttempts, Duration backoff) {

        public Retry {
            maxAttempts = maxAttempts == null ? 3 : maxAttempts;
            backoff = backoff == null ? Duration.ofMillis(200) : backoff;
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("portal.pacs.retry.max-attempts must be at least 1");
            }
        }
    }

    /**
     * @param failureRateThreshold percentage of failed calls that opens the breaker
     * @param slidingWindowSize number of recent calls considered
     * @param minimumNumberOfCalls calls needed before the rate is judged
     * @param waitInOpenState how long the breaker stays open before letting trial calls through
     */
    public record CircuitBreaker(
            Float failureRateThreshold,
            Integer slidingWindowSize,
            Integer minimumNumberOfCalls,
            Duration waitInOpenState) {

        public CircuitBreaker {
            failureRateThreshold = failureRateThreshold == null ? 50f : failureRateThreshold;
            // A window of 100 calls per operation class: a handful of slow answers during a burst of ~100 calls/s
            // must not open it (issue 13); a real outage fails every call and still opens it within 20.
            slidingWindowSize = slidingWindowSize == null ? 100 : slidingWindowSize;
            minimumNumberOfCalls = minimumNumberOfCalls == null ? 20 : minimumNumberOfCalls;
            waitInOpenState = waitInOpenState == null ? Duration.ofSeconds(30) : waitInOpenState;
        }
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("portal.pacs." + name + " must be positive");
        }
        return value;
    }

    private static URI withoutTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }
}
