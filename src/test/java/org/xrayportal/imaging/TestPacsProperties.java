package org.xrayportal.imaging;

import java.net.URI;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * {@link PacsProperties} for tests that build the gateway themselves: the production defaults (the record's own), with
 * the few values a test changes. Production binds the record from {@code portal.pacs.*} and never needs this.
 */
public final class TestPacsProperties {

    private final URI baseUrl;
    private PacsProperties.Auth auth;
    private PacsProperties.Tls tls;
    private Duration connectTimeout;
    private Duration readTimeout;
    private PacsProperties.Retry retry;
    private PacsProperties.CircuitBreaker circuitBreaker;
    private DataSize maxJsonSize;
    private DataSize maxImageSize;
    private Integer maxResults;
    private Duration ownershipCacheTtl;

    private TestPacsProperties(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Defaults for everything but the base URL. */
    public static PacsProperties forBaseUrl(URI baseUrl) {
        return of(baseUrl).build();
    }

    public static TestPacsProperties of(URI baseUrl) {
        return new TestPacsProperties(baseUrl);
    }

    /** Starts from {@code properties}, to change some of its values. */
    public static TestPacsProperties from(PacsProperties properties) {
        TestPacsProperties copy = new TestPacsProperties(properties.baseUrl());
        copy.auth = properties.auth();
        copy.tls = properties.tls();
        copy.connectTimeout = properties.connectTimeout();
        copy.readTimeout = properties.readTimeout();
        copy.retry = properties.retry();
        copy.circuitBreaker = properties.circuitBreaker();
        copy.maxJsonSize = properties.maxJsonSize();
        copy.maxImageSize = properties.maxImageSize();
        copy.maxResults = properties.maxResults();
        copy.ownershipCacheTtl = properties.ownershipCacheTtl();
        return copy;
    }

    public TestPacsProperties timeouts(Duration connect, Duration read) {
        this.connectTimeout = connect;
        this.readTimeout = read;
        return this;
    }

    public TestPacsProperties retry(PacsProperties.Retry retry) {
        this.retry = retry;
        return this;
    }

    public TestPacsProperties circuitBreaker(PacsProperties.CircuitBreaker circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
        return this;
    }

    public TestPacsProperties maxJsonSize(DataSize maxJsonSize) {
        this.maxJsonSize = maxJsonSize;
        return this;
    }

    public TestPacsProperties auth(PacsProperties.Auth auth) {
        this.auth = auth;
        return this;
    }

    public TestPacsProperties tls(PacsProperties.Tls tls) {
        this.tls = tls;
        return this;
    }

    public TestPacsProperties ownershipCacheTtl(Duration ttl) {
        this.ownershipCacheTtl = ttl;
        return this;
    }

    public PacsProperties build() {
        return new PacsProperties(
                baseUrl,
                auth,
                tls,
                connectTimeout,
                readTimeout,
                retry,
                circuitBreaker,
                maxJsonSize,
                maxImageSize,
                maxResults,
                ownershipCacheTtl);
    }
}
