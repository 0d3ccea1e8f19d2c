package org.xrayportal.support;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop HTTP load: {@code users} clients, each sending its next request as soon as its last one is answered,
 * walking one shared list of requests round. Unlike {@code wrk}, the time of a request runs from the moment the client
 * wants to send it, so it includes waiting for a connection the server has not accepted yet (Orthanc serves as many
 * keep-alive connections as it has HTTP threads, 50 by default, and the others wait in the kernel's accept queue: wrk
 * never starts their clock, and with 200 connections three quarters of the clients' time was in no latency it
 * reported). Every request sent before the end is waited for (at most the timeout) and counted, so a client that
 * starved appears in the percentiles instead of vanishing.
 *
 * <p>Results in the shape of {@code mix.lua}'s RESULT line: {@code requests} (finished within the duration, for
 * throughput), {@code duration_us} (the duration asked for), {@code bytes, connect, read, write, status (>= 400),
 * timeout}, and over every request sent within the duration, answered then or later: {@code sent, p50_us, p95_us,
 * p99_us, mean_us, max_us}.
 */
public final class ClosedLoopLoad {

    /** One request: a path under the root and one header. */
    public record Line(String path, String headerName, String headerValue) {

        /** Parses {@code path<TAB>header name<TAB>header value}, the format of the load files. */
        public static Line parse(String tsv) {
            String[] parts = tsv.split("\t", 3);
            return new Line(parts[0], parts[1], parts[2]);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ClosedLoopLoad() {}

    public static Map<String, Long> run(String root, List<Line> lines, int users, Duration duration)
            throws InterruptedException {
        List<HttpRequest> requests = new ArrayList<>(lines.size());
        for (Line line : lines) {
            requests.add(HttpRequest.newBuilder(URI.create(root + line.path()))
                    .header(line.headerName(), line.headerValue())
                    .timeout(TIMEOUT)
                    .build());
        }
        AtomicLong next = new AtomicLong();
        AtomicLong finishedInTime = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong connect = new AtomicLong();
        AtomicLong read = new AtomicLong();
        AtomicLong status = new AtomicLong();
        AtomicLong timeout = new AtomicLong();
        List<Histogram> histograms = new ArrayList<>();
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(TIMEOUT)
                        .executor(clients)
                        .build()) {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                Histogram latencies = new Histogram(TIMEOUT.toNanos() / 1000 * 2, 3);
                histograms.add(latencies);
                running.add(clients.submit(() -> {
                    while (System.nanoTime() < end) {
                        HttpRequest request = requests.get((int) (next.getAndIncrement() % requests.size()));
                        long sent = System.nanoTime();
                        try {
                            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            bytes.addAndGet(response.body().length);
                            if (response.statusCode() >= 400) {
                                status.incrementAndGet();
                            }
                        } catch (HttpConnectTimeoutException | ConnectException e) {
                            connect.incrementAndGet();
                        } catch (HttpTimeoutException e) {
                            timeout.incrementAndGet();
                        } catch (IOException e) {
                            read.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        long now = System.nanoTime();
                        latencies.recordValue(Math.min((now - sent) / 1000, latencies.getHighestTrackableValue()));
                        if (now <= end) {
                            finishedInTime.incrementAndGet();
                        }
                    }
                }));
            }
            for (var client : running) {
                try {
                    client.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
        Histogram all = new Histogram(TIMEOUT.toNanos() / 1000 * 2, 3);
        histograms.forEach(all::add);
        Map<String, Long> result = new LinkedHashMap<>();
        result.put("requests", finishedInTime.get());
        result.put("duration_us", duration.toNanos() / 1000);
        result.put("sent", all.getTotalCount());
        result.put("bytes", bytes.get());
        result.put("connect", connect.get());
        result.put("read", read.get());
        result.put("write", 0L);
        result.put("status", status.get());
        result.put("timeout", timeout.get());
        result.put("p50_us", all.getValueAtPercentile(50));
        result.put("p95_us", all.getValueAtPercentile(95));
        result.put("p99_us", all.getValueAtPercentile(99));
        result.put("mean_us", Math.round(all.getMean()));
        result.put("max_us", all.getMaxValue());
        return result;
    }
}
