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
 */
@Component
class ZipDeflaters implements DisposableBean {

    private final ExecutorService executor;

    ZipDeflaters() {
        this(Runtime.getRuntime().availableProcessors());
    }

    ZipDeflaters(int threads) {
        AtomicInteger number = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "zip-deflate-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.executor = Executors.newFixedThreadPool(Math.max(1, threads), factory);
    }

    ExecutorService executor() {
        return executor;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
