package org.xrayportal.imaging;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP to the PACS: JDK client without redirects, authentication, hard timeouts, response size limits, bounded retries
 * and a circuit breaker. Every failure leaves as a {@link PacsException}.
 */
final class DicomWebClient {

    private static final Logger log = LoggerFactory.getLogger(DicomWebClient.class);

    /** Reads a streamed body; runs after the response headers have been checked. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(String contentType, InputStream body) throws IOException;
    }

    private final PacsProperties properties;
    private final HttpClient http;
    private final String authorization;
    private final CircuitBreaker breaker;
    private final Retry retry;

    DicomWebClient(PacsProperties properties) {
        this.properties = properties;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.connectTimeout());
        if (properties.tls().trustStore() != null) {
            builder.sslContext(sslContext(properties.tls()));
        }
        this.http = builder.build();
        this.authorization = authorization(properties.auth());
        PacsProperties.CircuitBreaker cb = properties.circuitBreaker();
        this.breaker = CircuitBreaker.of(
                "pacs",
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(cb.failureRateThreshold())
                        .slidingWindowSize(cb.slidingWindowSize())
                        .minimumNumberOfCalls(cb.minimumNumberOfCalls())
                        .waitDurationInOpenState(cb.waitInOpenState())
                        .recordException(DicomWebClient::isOutage)
                        .build());
        PacsMetrics.watch(breaker);
        this.retry = Retry.of(
                "pacs",
                RetryConfig.custom()
                        .maxAttempts(properties.retry().maxAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(
                                properties.retry().backoff(), 2.0))
                        .retryOnException(e -> e instanceof TransientPacsException)
                        .build());
    }

    URI baseUrl() {
        return properties.baseUrl();
    }

    CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    /** A QIDO request: DICOM JSON, or an empty array for 204. */
    byte[] getJson(String relative) {
        return resilient(
                "search",
                () -> buffered(
                        relative,
                        "application/dicom+json",
                        "json",
                        properties.maxJsonSize().toBytes()));
    }

    /** A rendered frame in the given media type. */
    byte[] getImage(String relative, String mediaType) {
        return resilient(
                "render",
                () -> buffered(
                        relative,
                        mediaType,
                        mediaType,
                        properties.maxImageSize().toBytes()));
    }

    /**
     * A streamed response. Retries and the circuit breaker guard only the wait for the response headers; once bytes
     * flow to the reader a failure ends the call, and reading pauses longer than the read timeout fail it.
     */
    <T> T stream(String relative, String accept, BodyReader<T> reader) {
        HttpResponse<InputStream> response = resilient("retrieve", () -> {
            HttpResponse<InputStream> r = exchange(relative, accept, Long.MAX_VALUE);
            checkStatus(r);
            return r;
        });
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        try (InputStream body = response.body()) {
            return reader.read(contentType, body);
        } catch (MultipartReader.TruncatedMultipartException e) {
            throw PacsException.badResponse("the PACS's multipart response ended early", e);
        } catch (HttpTimeoutException e) {
            throw new PacsException(PacsException.Kind.TIMEOUT, "the PACS stalled while streaming", e);
        } catch (IOException e) {
            throw new PacsException(PacsException.Kind.UNAVAILABLE, "the PACS stream broke: " + e.getMessage(), e);
        }
    }

    private byte[] buffered(String relative, String accept, String expectedType, long maxBytes) {
        long deadline = System.nanoTime() + properties.readTimeout().toNanos();
        HttpResponse<InputStream> response = exchange(relative, accept, deadline);
        try (InputStream body = response.body()) {
            if (response.statusCode() == 204) {
                return new byte[0];
            }
            checkStatus(response);
            String contentType =
                    response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (!contentType.contains(expectedType)) {
                throw PacsException.badResponse("the PACS answered with content type '" + contentType + "' where "
                        + expectedType + " was expected");
            }
            long declared =
                    response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw PacsException.badResponse("the PACS's response is larger than " + maxBytes + " bytes");
            }
            return readLimited(body, maxBytes);
        } catch (HttpTimeoutException e) {
            throw new PacsException(PacsException.Kind.TIMEOUT, "the PACS did not finish its answer in time", e);
        } catch (IOException e) {
            throw new TransientPacsException("reading from the PACS failed: " + e.getMessage(), e);
        }
    }

    private static byte[] readLimited(InputStream body, long maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[16 * 1024];
        long total = 0;
        for (int n; (n = body.read(chunk)) >= 0; ) {
            total += n;
            if (total > maxBytes) {
                throw PacsException.badResponse("the PACS's response is larger than " + maxBytes + " bytes");
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    /** Sends a GET and waits for the headers; the body is a {@link TimedBodyStream} the caller must close. */
    private HttpResponse<InputStream> exchange(String relative, String accept, long deadline) {
        Duration readTimeout = properties.readTimeout();
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(relative))
                .GET()
                .timeout(readTimeout)
                .header("Accept", accept);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        long idle = readTimeout.toNanos();
        CompletableFuture<HttpResponse<InputStream>> future =
                http.sendAsync(request.build(), info -> new TimedBodyStream(idle, deadline));
        long headersBy = Math.min(
                deadline, System.nanoTime() + idle + properties.connectTimeout().toNanos());
        try {
            return future.get(Math.max(0, headersBy - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new PacsException(PacsException.Kind.TIMEOUT, "the PACS did not answer in time", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new PacsException(PacsException.Kind.UNAVAILABLE, "interrupted while waiting for the PACS", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                throw new TransientPacsException("connecting to the PACS timed out", cause);
            }
            if (cause instanceof HttpTimeoutException) {
                throw new PacsException(PacsException.Kind.TIMEOUT, "the PACS did not answer in time", cause);
            }
            throw new TransientPacsException("the PACS could not be reached: " + cause, cause);
        }
    }

    private URI resolve(String relative) {
        return URI.create(properties.baseUrl() + "/" + relative);
    }

    private static void checkStatus(HttpResponse<InputStream> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        closeQuietly(response.body());
        String detail = "the PACS answered HTTP " + status + " for "
                + response.request().uri().getPath();
        if (status == 404) {
            throw PacsException.notFound(detail);
        }
        if (status == 502 || status == 503 || status == 504) {
            throw new TransientPacsException(detail, null);
        }
        if (status == 401 || status == 403) {
            log.warn("The PACS refused the portal's credentials (HTTP {}); check portal.pacs.auth", status);
            throw new PacsException(PacsException.Kind.UNAVAILABLE, detail);
        }
        if (status >= 500) {
            throw new PacsException(PacsException.Kind.UNAVAILABLE, detail);
        }
        if (status == 400) {
            throw PacsException.invalidRequest(detail);
        }
        // 3xx (redirects are never followed) and other 4xx
        throw PacsException.badResponse(detail);
    }

    private <T> T resilient(String operation, Supplier<T> call) {
        try {
            return PacsMetrics.timed(
                    operation, Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call)));
        } catch (CallNotPermittedException e) {
            throw new PacsException(
                    PacsException.Kind.UNAVAILABLE, "circuit breaker open after repeated PACS failures", e);
        }
    }

    private static boolean isOutage(Throwable e) {
        return e instanceof PacsException p
                && (p.kind() == PacsException.Kind.UNAVAILABLE || p.kind() == PacsException.Kind.TIMEOUT);
    }

    private static String authorization(PacsProperties.Auth auth) {
        return switch (auth.type()) {
            case NONE -> null;
            case BASIC ->
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (auth.username() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8));
            case BEARER -> "Bearer " + auth.token();
        };
    }

    private static SSLContext sslContext(PacsProperties.Tls tls) {
        try (InputStream in = java.nio.file.Files.newInputStream(tls.trustStore())) {
            KeyStore store = KeyStore.getInstance(tls.trustStoreType());
            char[] password = tls.trustStorePassword() == null
                    ? null
                    : tls.trustStorePassword().toCharArray();
            store.load(in, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load portal.pacs.tls.trust-store " + tls.trustStore(), e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do: the response is being discarded
        }
    }
}
