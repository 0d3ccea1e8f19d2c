package org.xrayportal.viewer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Downloads at shutdown (SIGTERM). The web server's graceful shutdown stops new requests and waits for running ones
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}); this runs after it and before the server is stopped, gives
 * downloads still running {@code portal.download.shutdown-grace} more, and then writes the closing audit row of each
 * one still running ("interrupted-by-shutdown", with the bytes sent) while the database is still there.
 */
@Component
class DownloadShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DownloadShutdown.class);

    /**
     * Between Boot's graceful web server shutdown ({@code DEFAULT_PHASE - 1024}) and the web server's stop ({@code
     * DEFAULT_PHASE - 2048}): stopped after the first, before the second.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

    private final DownloadAudit audit;
    private final DownloadProperties properties;
    private volatile boolean running;

    DownloadShutdown(DownloadAudit audit, DownloadProperties properties) {
        this.audit = audit;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (audit.inFlight().isEmpty()) {
            return;
        }
        log.info(
                "Shutting down with {} download(s) running; waiting up to {}",
                audit.inFlight().size(),
                properties.shutdownGrace());
        try {
            int cut = audit.interruptInFlight(properties.shutdownGrace());
            if (cut > 0) {
                log.warn("{} download(s) cut by the shutdown; their audit rows say so", cut);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
