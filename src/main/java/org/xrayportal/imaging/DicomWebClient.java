package org.xrayportal.imaging;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
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
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP to the PACS: the JDK's clients without redirects ({@link HttpClient} for answers read whole, {@link
 * HttpURLConnection} for streamed ones), authentication, hard timeouts, response size limits, bounded retries, and per
 * {@link PacsOperation} class a bulkhead (bounded concurrent calls) and a circuit breaker. Only connection failures,
 * timeouts and 502–504 count toward a breaker; a failure of one object (a 4xx, a 500 for that object, an unreadable
 * answer) is that object's and is ignored by it. Every failure leaves as a {@link PacsException}.
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
    /** The configured trust store's context, or null for the JDK's default trust. */
    private final SSLContext sslContext;

    private final String authorization;
    private final Map<PacsOperation, CircuitBreaker> breakers = new EnumMap<>(PacsOperation.class);
    private final Map<PacsOperation, Bulkhead> bulkheads = new EnumMap<>(PacsOperation.class);
    private final Retry retry;

    /** With the default capacity and registries of its own (tests and tools). */
    DicomWebClient(PacsProperties properties) {
        this(
                properties,
                PacsCapacityProperties.DEFAULTS,
                CircuitBreakerRegistry.ofDefaults(),
                BulkheadRegistry.ofDefaults());
    }

    /** Registers one breaker and one bulkhead per operation class, named {@link PacsOperation#resilienceName()}. */
    DicomWebClient(
            PacsProperties properties,
            PacsCapacityProperties capacity,
            CircuitBreakerRegistry breakerRegistry,
            BulkheadRegistry bulkheadRegistry) {
        this.properties = properties;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.connectTimeout());
        this.sslContext = properties.tls().trustStore() == null ? null : sslContext(properties.tls());
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
        this.authorization = authorization(properties.auth());
        PacsProperties.CircuitBreaker cb = properties.circuitBreaker();
        CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.custom()
                .failureRateThreshold(cb.failureRateThreshold())
                .slidingWindowSize(cb.slidingWindowSize())
                .minimumNumberOfCalls(cb.minimumNumberOfCalls())
                .waitDurationInOpenState(cb.waitInOpenState())
                .recordException(DicomWebClient::isOutage)
                .ignoreException(e -> !isOutage(e))
                .build();
        for (PacsOperation operation : PacsOperation.values()) {
            CircuitBreaker breaker = breakerRegistry.circuitBreaker(operation.resilienceName(), breakerConfig);
            PacsMetrics.watch(breaker);
            breakers.put(operation, breaker);
            PacsCapacityProperties.Limit limit = capacity.of(operation);
            bulkheads.put(
                    operation,
                    bulkheadRegistry.bulkhead(
                            operation.resilienceName(),
                            BulkheadConfig.custom()
                                    .maxConcurrentCalls(limit.maxConcurrentCalls())
                                    .maxWaitDuration(limit.maxWait())
                                    .fairCallHandlingStrategyEnabled(true)
                                    .build()));
        }
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

    /** The state of each class's circuit breaker. */
    Map<PacsOperation, CircuitBreaker.State> circuitStates() {
        Map<PacsOperation, CircuitBreaker.State> states = new EnumMap<>(PacsOperation.class);
        breakers.forEach((operation, breaker) -> states.put(operation, breaker.getState()));
        return states;
    }

    /** A QIDO request: DICOM JSON, or an empty array for 204. */
    byte[] getJson(String relative) {
        return resilient(
                PacsOperation.SEARCH,
                () -> buffered(
                        relative,
                        "application/dicom+json",
                        "json",
                        properties.maxJsonSize().toBytes()));
    }

    /**
     * A rendered frame in the given media type. A client or server error the PACS answers for this one object is
     * {@link PacsException.Kind#OBJECT_UNAVAILABLE}, not an outage.
     */
    byte[] getImage(String relative, String mediaType) {
        return resilient(
                PacsOperation.RENDER,
                () -> perObject(() -> buffered(
                        relative,
                        mediaType,
                        mediaType,
                        properties.maxImageSize().toBytes())));
    }

    /**
     * Statuses that concern the requested object rather than the PACS: it cannot decode, render or convert it (400,
     * 406, 415, 422; Orthanc answers 500 for an image its decoder fails on; 501 for an unsupported syntax). 502-504,
     * connection failures and timeouts stay outages.
     */
    private static <T> T perObject(Supplier<T> call) {
        try {
            return call.get();
        } catch (PacsException e) {
            if (e.objectStatus()) {
                throw new PacsException(PacsException.Kind.OBJECT_UNAVAILABLE, e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * A streamed response. Retries and the circuit breaker guard only the wait for the response headers; once bytes
     * flow to the reader a failure ends the call, and reading pauses longer than the read timeout fail it. The
     * retrieve bulkhead's slot is held until the stream is read to its end.
     */
    <T> T stream(String relative, String accept, BodyReader<T> reader) {
        return stream(PacsOperation.RETRIEVE, relative, accept, reader);
    }

    /**
     * A streamed response counted against the given operation class, read over a blocking connection ({@link
     * HttpURLConnection}): the calling thread reads the socket into the reader's own arrays. The non-blocking client
     * of the other calls hands every read over from its selector thread in a new buffer, which cost two to three times
     * the CPU per byte of a study (issue 14: 320 MiB of raw radiographs took 0.3-0.5 s of CPU through it, 0.11-0.15 s
     * this way). The connect timeout bounds connecting, the read timeout each wait for bytes (the headers included).
     */
    <T> T stream(PacsOperation operation, String relative, String accept, BodyReader<T> reader) {
        Bulkhead bulkhead = bulkheads.get(operation);
        acquire(bulkhead);
        try {
            // A study the PACS cannot send (e.g. 406 for the stored transfer syntax, 500 for one broken file) is that
            // study's failure, not an outage.
            HttpURLConnection connection = PacsMetrics.timed(
                    operation.metricName(),
                    () -> retried(breaker(operation, () -> perObject(() -> open(relative, accept)))));
            String contentType = Objects.requireNonNullElse(connection.getContentType(), "");
            boolean complete = false;
            try (InputStream body = connection.getInputStream()) {
                T result = reader.read(contentType, body);
                complete = true;
                return result;
            } catch (MultipartReader.TruncatedMultipartException e) {
                throw PacsException.badResponse("the PACS's multipart response ended early", e);
            } catch (SocketTimeoutException e) {
                throw new PacsException(PacsException.Kind.TIMEOUT, "the PACS stalled while streaming", e);
            } catch (IOException e) {
                throw new PacsException(PacsException.Kind.UNAVAILABLE, "the PACS stream broke: " + e.getMessage(), e);
            } finally {
                if (!complete) {
                    connection.disconnect(); // the rest of the body is not wanted: the connection is not reused
                }
            }
        } finally {
            bulkhead.onComplete();
        }
    }

    /** Sends a GET on a blocking connection and waits for a successful status; the caller reads the body. */
    private HttpURLConnection open(String relative, String accept) {
        URI uri = resolve(relative);
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
        } catch (IOException | IllegalArgumentException e) {
            throw PacsException.badResponse("cannot request " + uri.getPath() + ": " + e.getMessage(), e);
        }
        if (sslContext != null && connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(sslContext.getSocketFactory());
        }
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(millis(properties.connectTimeout()));
        connection.setReadTimeout(millis(properties.readTimeout()));
        connection.setRequestProperty("Accept", accept);
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        try {
            connection.connect();
        } catch (SocketTimeoutException e) {
            throw new TransientPacsException("connecting to the PACS timed out", e);
        } catch (IOException e) {
            throw new TransientPacsException("the PACS could not be reached: " + e, e);
        }
        int status;
        try {
            status = connection.getResponseCode();
        } catch (SocketTimeoutException e) {
            connection.disconnect();
            throw new PacsException(PacsException.Kind.TIMEOUT, "the PACS did not answer in time", e);
        } catch (IOException e) {
            connection.disconnect();
            throw new TransientPacsException("the PACS could not be reached: " + e, e);
        }
        if (status < 200 || status >= 300) {
            closeQuietly(connection.getErrorStream());
            connection.disconnect();
            checkStatus(status, uri);
        }
        return connection;
    }

    private static int millis(Duration duration) {
        return (int) Math.clamp(duration.toMillis(), 1, Integer.MAX_VALUE);
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
        checkStatus(status, response.request().uri());
    }

    /** Throws what a status outside 2xx means (the response's body already closed). */
    private static void checkStatus(int status, URI uri) {
        String detail = "the PACS answered HTTP " + status + " for " + uri.getPath();
        if (status == 400 || status == 406 || status == 415 || status == 422 || status == 500 || status == 501) {
            // Thrown with the usual kind, marked so that a per-object call can tell it apart (see perObject).
            PacsException e = status == 400
                    ? PacsException.invalidRequest(detail)
                    : new PacsException(
                            status >= 500 ? PacsException.Kind.UNAVAILABLE : PacsException.Kind.BAD_RESPONSE, detail);
            throw e.markObjectStatus();
        }
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
        // 3xx (redirects are never followed) and other 4xx
        throw PacsException.badResponse(detail);
    }

    /** Retries around (bulkhead around (breaker around the call)): a retry waits for its slot again. */
    private <T> T resilient(PacsOperation operation, Supplier<T> call) {
        Bulkhead bulkhead = bulkheads.get(operation);
        Supplier<T> guarded = breaker(operation, call);
        return PacsMetrics.timed(
                operation.metricName(),
                () -> retried(() -> {
                    acquire(bulkhead);
                    try {
                        return guarded.get();
                    } finally {
                        bulkhead.onComplete();
                    }
                }));
    }

    private <T> Supplier<T> breaker(PacsOperation operation, Supplier<T> call) {
        CircuitBreaker breaker = breakers.get(operation);
        Supplier<T> decorated = CircuitBreaker.decorateSupplier(breaker, call);
        return () -> {
            try {
                return decorated.get();
            } catch (CallNotPermittedException e) {
                throw new PacsException(
                        PacsException.Kind.UNAVAILABLE,
                        "circuit breaker " + breaker.getName() + " open after repeated PACS failures",
                        e);
            }
        };
    }

    private <T> T retried(Supplier<T> call) {
        return Retry.decorateSupplier(retry, call).get();
    }

    /** Waits up to the class's max-wait for a slot; a full class fails this request only, as BUSY (503). */
    private static void acquire(Bulkhead bulkhead) {
        try {
            bulkhead.acquirePermission();
        } catch (BulkheadFullException e) {
            throw new PacsException(
                    PacsException.Kind.BUSY,
                    "all " + bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + " slots of "
                            + bulkhead.getName() + " stayed busy for "
                            + bulkhead.getBulkheadConfig().getMaxWaitDuration().toMillis() + " ms",
                    e);
        }
    }

    /**
     * What says "the PACS is in trouble" rather than "this object is": connection failures and 502–504 (both {@link
     * TransientPacsException}) and timeouts. Everything else (4xx, a 500 for one object, an answer the portal cannot
     * read, refused credentials) is ignored by the breakers.
     */
    static boolean isOutage(Throwable e) {
        return e instanceof TransientPacsException
                || (e instanceof PacsException p && p.kind() == PacsException.Kind.TIMEOUT);
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
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do: the response is being discarded
        }
    }
}
