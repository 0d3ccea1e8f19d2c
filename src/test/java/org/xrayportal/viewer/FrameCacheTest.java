package org.xrayportal.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.xrayportal.imaging.ImageFormat;
import org.xrayportal.imaging.PacsException;
import org.xrayportal.imaging.RenderOptions;
import org.xrayportal.imaging.RenderedImage;
import org.xrayportal.shared.PatientIdentity;
import org.xrayportal.support.Threads;
import org.xrayportal.viewer.FrameCache.Key;

/**
 * The frame cache renders each frame once at a time, outside the cache's own locks (issue 14): requests for one frame
 * wait for one render, other frames never wait for it, failures are not kept, and a request cancelled while it renders
 * does not fail the others.
 */
class FrameCacheTest {

    private static final PatientIdentity PATIENT = PatientIdentity.of("1001");

    private final List<Request> requests = new ArrayList<>();
    private FrameCache cache = frameCache(DataSize.ofMegabytes(1));

    @AfterEach
    void stop() throws InterruptedException {
        for (Request request : requests) {
            request.thread.interrupt();
            request.thread.join(5_000);
        }
        cache.stopPrefetching();
    }

    @Test
    void getWhenOneFrameRendersSlowlyThenAnotherFrameInTheSameHashBinDoesNotWait() throws Exception {
        // "Aa" and "BB" have the same String hash, so the two keys share a hash bin in any map: Caffeine's
        // get(key, mapping) held that bin's lock for the whole PACS call and render of the first.
        Key slowKey = key("1.2.3.Aa");
        Key otherKey = key("1.2.3.BB");
        assertThat(slowKey.hashCode()).isEqualTo(otherKey.hashCode());
        CountDownLatch release = new CountDownLatch(1);
        Request slow = request(slowKey, () -> {
            await(release);
            return image(1);
        });
        awaitRendering(slow);

        Request other = request(otherKey, () -> image(2));

        assertThat(other.image(5).size()).isEqualTo(2);
        assertThat(slow.thread.isAlive()).as("still rendering").isTrue();
        release.countDown();
        assertThat(slow.image(10).size()).isEqualTo(1);
    }

    @Test
    void getWhenManyRequestsAskForOneFrameTogetherThenItIsRenderedOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger renders = new AtomicInteger();
        Supplier<RenderedImage> render = () -> {
            renders.incrementAndGet();
            await(release);
            return image(100);
        };
        Request first = request(key("1.2.3.4"), render);
        awaitRendering(first);
        List<Request> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            others.add(request(key("1.2.3.4"), render));
        }
        awaitRendering(others);

        release.countDown();

        RenderedImage rendered = first.image(10);
        for (Request other : others) {
            assertThat(other.image(10)).isSameAs(rendered);
        }
        assertThat(renders).hasValue(1);
        // Kept: the next request is a hit.
        assertThat(cache.get(key("1.2.3.4"), () -> image(7))).isSameAs(rendered);
        assertThat(renders).hasValue(1);
    }

    @Test
    void getWhenTheRenderFailsThenNothingIsKeptAndTheNextRequestRendersAgain() {
        AtomicInteger renders = new AtomicInteger();

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> cache.get(key("1.2.3.4"), () -> {
            renders.incrementAndGet();
            throw new PacsException(PacsException.Kind.TIMEOUT, "the PACS did not answer");
        }));
        assertThat(thrown).isInstanceOf(PacsException.class).hasMessage("the PACS did not answer");
        assertThat(cache.estimatedSize()).isZero();

        RenderedImage again = cache.get(key("1.2.3.4"), () -> {
            renders.incrementAndGet();
            return image(10);
        });

        assertThat(again.size()).isEqualTo(10);
        assertThat(renders).hasValue(2);
        assertThat(cache.estimatedSize()).isEqualTo(1);
    }

    @Test
    void getWhenTheFirstRequestIsCancelledWhileRenderingThenTheWaitingRequestsStillGetTheImage() throws Exception {
        // The first request's thread is interrupted inside the PACS call (its page deadline, or the node stopping);
        // the PACS client then fails with the interrupt flag set again.
        Request first = request(key("1.2.3.4"), () -> {
            try {
                new CountDownLatch(1).await();
                throw new IllegalStateException("never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PacsException(PacsException.Kind.UNAVAILABLE, "interrupted while waiting for the PACS", e);
            }
        });
        awaitRendering(first);
        AtomicInteger renders = new AtomicInteger();
        List<Request> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(request(key("1.2.3.4"), () -> {
                renders.incrementAndGet();
                return image(42);
            }));
        }
        awaitRendering(waiting);

        first.thread.interrupt();

        assertThat(first.failure(10)).isInstanceOf(PacsException.class);
        for (Request request : waiting) {
            assertThat(request.image(10).size()).isEqualTo(42);
        }
        assertThat(renders).hasValue(1);
    }

    @Test
    void prefetchWhenTheBrowserAsksDuringTheRenderThenItWaitsForThatRender() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch prefetchStarted = new CountDownLatch(1);
        AtomicInteger renders = new AtomicInteger();
        cache.prefetch(key("1.2.3.4"), () -> {
            renders.incrementAndGet();
            prefetchStarted.countDown();
            await(release);
            return image(64);
        });
        assertThat(prefetchStarted.await(10, TimeUnit.SECONDS)).isTrue();

        Request browser = request(key("1.2.3.4"), () -> {
            renders.incrementAndGet();
            return image(1);
        });
        awaitRendering(browser);
        release.countDown();

        assertThat(browser.image(10).size()).isEqualTo(64);
        assertThat(renders).hasValue(1);
        // Already there: a second study page does not render it again.
        cache.prefetch(key("1.2.3.4"), () -> {
            renders.incrementAndGet();
            return image(1);
        });
        assertThat(cache.get(key("1.2.3.4"), () -> image(1)).size()).isEqualTo(64);
        assertThat(renders).hasValue(1);
    }

    @Test
    void getWhenTheCacheIsOffThenEveryRequestRendersOnItsOwnAndNothingIsKept() throws Exception {
        cache = frameCache(DataSize.ofBytes(0));
        // Both renders must be under way at once to finish: neither request waits for the other's.
        CountDownLatch bothRendering = new CountDownLatch(2);
        Supplier<RenderedImage> render = () -> {
            bothRendering.countDown();
            await(bothRendering);
            return image(5);
        };
        Request one = request(key("1.2.3.4"), render);
        Request two = request(key("1.2.3.4"), render);

        assertThat(one.image(10)).isNotSameAs(two.image(10));
        cache.prefetch(key("1.2.3.4"), () -> {
            throw new AssertionError("no prefetch with the cache off");
        });
        assertThat(cache.estimatedSize()).isZero();
    }

    @Test
    void getWhenFramesExceedTheCacheSizeThenItKeepsWhatFitsByBytes() throws InterruptedException {
        cache = frameCache(DataSize.ofKilobytes(64));
        // Each 20 KiB image weighs 20,480 + 256 bytes: three fit in 64 KiB, four do not.
        for (int i = 1; i <= 5; i++) {
            cache.get(key("1.2.3." + i), () -> image(20 * 1024));
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cache.estimatedSize() != 3 && System.nanoTime() < deadline) {
            Thread.sleep(10); // Caffeine evicts in its maintenance, on another thread
        }
        assertThat(cache.estimatedSize()).isEqualTo(3);
    }

    // --- helpers ---

    private static FrameCache frameCache(DataSize size) {
        return new FrameCache(new ViewerProperties(size, null, null), new SimpleMeterRegistry());
    }

    private static Key key(String instanceUid) {
        return new Key(PATIENT, "1.2.3", "1.2.3.1", instanceUid, 1, RenderOptions.DEFAULT);
    }

    private static RenderedImage image(int size) {
        return new RenderedImage(new byte[size], ImageFormat.JPEG);
    }

    private Request request(Key key, Supplier<RenderedImage> render) {
        Request request = new Request();
        request.thread = Thread.ofPlatform().start(() -> {
            try {
                request.image.set(cache.get(key, render));
            } catch (Throwable e) {
                request.thrown.set(e);
            }
        });
        requests.add(request);
        return request;
    }

    private static final class Request {
        Thread thread;
        final AtomicReference<RenderedImage> image = new AtomicReference<>();
        final AtomicReference<Throwable> thrown = new AtomicReference<>();

        RenderedImage image(int seconds) throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(seconds));
            assertThat(thread.isAlive()).as("request still waiting").isFalse();
            assertThat(thrown.get()).isNull();
            return image.get();
        }

        Throwable failure(int seconds) throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(seconds));
            assertThat(thread.isAlive()).as("request still waiting").isFalse();
            return thrown.get();
        }
    }

    /** Until each request is parked: in its render (on a latch) or waiting for another request's render. */
    private static void awaitRendering(Request... requests) throws InterruptedException {
        awaitRendering(List.of(requests));
    }

    private static void awaitRendering(List<Request> requests) throws InterruptedException {
        Threads.awaitParked(requests.stream().map(one -> one.thread).toList());
    }

    private static void await(CountDownLatch latch) {
        Threads.await(latch);
    }
}
