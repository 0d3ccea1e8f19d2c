package org.xrayportal.viewer;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The threads that deflate study ZIP entries (issue 14: "spread over the available cores"): one per core, shared by
 * every download on this node, because deflating is CPU work that more threads than cores would only slow down. Each
 * download hands over at most a few files at a time ({@link StudyZip}), so one large study cannot queue work without
 * bound, and downloads at once are bounded by the PACS retrieve capacity.
 *
 * <p>They also measure what they deflate, so that a download can tell whether deflating pays for it ({@link
 * #bytesPerSecondFor}): the input bytes per second of one thread, averaged over the node's recent files.
 */
@Component
class ZipDeflaters implements DisposableBean {

    /**
     * What one thread is assumed to deflate per second until this node has deflated a file: 40 MiB/s, what one core of
     * the reference machine (docs/benchmarks.md) deflates of 16-bit radiographs at level 1.
     */
    static final double ASSUMED_BYTES_PER_SECOND = 40.0 * 1024 * 1024;

    /** Weight of the newest file in the average: the last ten or so files count. */
    private static final double NEWEST_WEIGHT = 0.1;

    private final ExecutorService executor;
    private final int threads;
    private final AtomicInteger downloads = new AtomicInteger();
    private double bytesPerSecond = ASSUMED_BYTES_PER_SECOND;

    ZipDeflaters() {
        this(Runtime.getRuntime().availableProcessors());
    }

    ZipDeflaters(int threads) {
        this.threads = Math.max(1, threads);
        AtomicInteger number = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "zip-deflate-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.executor = Executors.newFixedThreadPool(this.threads, factory);
    }

    ExecutorService executor() {
        return executor;
    }

    /** A ZIP download starts sharing the threads; each call is matched by one {@link #downloadEnded()}. */
    void downloadStarted() {
        downloads.incrementAndGet();
    }

    void downloadEnded() {
        downloads.decrementAndGet();
    }

    /** One file was deflated: {@code bytes} of input in {@code nanos} of a deflater thread's time. */
    synchronized void deflated(long bytes, long nanos) {
        if (bytes > 0 && nanos > 0) {
            double rate = bytes * 1e9 / nanos;
            bytesPerSecond = NEWEST_WEIGHT * rate + (1 - NEWEST_WEIGHT) * bytesPerSecond;
        }
    }

    /**
     * Input bytes per second the threads can deflate for one of the downloads running now: every thread's measured
     * rate, shared evenly by those downloads.
     */
    synchronized double bytesPerSecondFor() {
        return bytesPerSecond * threads / Math.max(1, downloads.get());
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
