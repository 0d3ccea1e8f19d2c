package org.xrayportal.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xrayportal.support.Threads;

class OncePerKeyTest {

    /** What the PACS gateway and the frame cache throw: an unchecked failure of their own. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final OncePerKey<String> loads = new OncePerKey<>(e -> new Unavailable("interrupted while waiting", e));
    private final List<Caller> callers = new ArrayList<>();

    @AfterEach
    void stopCallers() throws InterruptedException {
        for (Caller caller : callers) {
            caller.thread.interrupt();
            caller.thread.join(5_000);
        }
    }

    @Test
    void getWhenManyCallersAskForOneKeyTogetherThenItIsLoadedOnceAndTheyAllGetItsValue() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger loaded = new AtomicInteger();
        Supplier<String> slowLoad = () -> {
            loaded.incrementAndGet();
            await(release);
            return "value";
        };
        Caller first = call("a", slowLoad);
        awaitWaiting(first);
        List<Caller> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            others.add(call("a", slowLoad));
        }
        awaitWaiting(others);

        release.countDown();

        assertThat(first.value()).isEqualTo("value");
        for (Caller other : others) {
            assertThat(other.value()).isEqualTo("value");
        }
        assertThat(loaded).hasValue(1);
        assertThat(loads.inFlight()).isZero();
    }

    @Test
    void getWhenOneKeyLoadsSlowlyThenAnotherKeyDoesNotWaitForIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Caller slow = call("a", () -> {
            await(release);
            return "slow";
        });
        awaitWaiting(slow);

        assertThat(loads.get("b", () -> "quick")).isEqualTo("quick");
        assertThat(slow.thread.isAlive()).as("still loading").isTrue();
        release.countDown();
        assertThat(slow.value()).isEqualTo("slow");
    }

    @Test
    void getWhenTheLoadFailsThenItsWaitersGetTheFailureAndTheNextCallerLoadsAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        IllegalArgumentException refused = new IllegalArgumentException("refused");
        Caller first = call("a", () -> {
            await(release);
            throw refused;
        });
        awaitWaiting(first);
        Caller waiter = call("a", () -> "not loaded: joins the first");
        awaitWaiting(waiter);

        release.countDown();

        assertThat(first.failure()).isSameAs(refused);
        assertThat(waiter.failure()).isSameAs(refused);
        assertThat(loads.inFlight()).isZero();
        assertThat(loads.get("a", () -> "loaded again")).isEqualTo("loaded again");
    }

    @Test
    void getWhenTheFirstCallerIsInterruptedThenItsWaitersLoadForThemselvesAndGetTheValue() throws Exception {
        // As the PACS client does: an interrupted call fails with the thread's interrupt flag set again.
        Caller first = call("a", () -> {
            try {
                new CountDownLatch(1).await();
                return "never";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unavailable("interrupted while waiting for the PACS", e);
            }
        });
        awaitWaiting(first);
        AtomicInteger loadedByWaiters = new AtomicInteger();
        Map<String, String> cache = new ConcurrentHashMap<>();
        List<Caller> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiters.add(call(() -> loads.cached(
                    "a",
                    () -> cache.get("a"),
                    () -> {
                        loadedByWaiters.incrementAndGet();
                        return "value";
                    },
                    value -> cache.put("a", value))));
        }
        awaitWaiting(waiters);

        first.thread.interrupt(); // its request was cancelled (the study page's deadline)

        assertThat(first.failure())
                .isInstanceOf(Unavailable.class)
                .hasMessage("interrupted while waiting for the PACS");
        for (Caller waiter : waiters) {
            assertThat(waiter.value()).isEqualTo("value");
        }
        // One of them loaded it; the others waited for that one or found it kept.
        assertThat(loadedByWaiters).hasValue(1);
        assertThat(loads.inFlight()).isZero();
    }

    @Test
    void getWhenAWaiterIsInterruptedThenOnlyItFailsAndTheLoadGoesOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Caller first = call("a", () -> {
            await(release);
            return "value";
        });
        awaitWaiting(first);
        Caller waiter = call("a", () -> "not loaded: joins the first");
        awaitWaiting(waiter);

        waiter.thread.interrupt();

        assertThat(waiter.failure())
                .isInstanceOf(Unavailable.class)
                .hasMessage("interrupted while waiting")
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(waiter.interruptedAfterwards.get()).isTrue();
        release.countDown();
        assertThat(first.value()).isEqualTo("value");
    }

    @Test
    void getWhenTheLoadThrowsAnErrorThenItsWaitersDoNotHang() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        StackOverflowError error = new StackOverflowError("deep");
        Caller first = call("a", () -> {
            await(release);
            throw error;
        });
        awaitWaiting(first);
        Caller waiter = call("a", () -> "not loaded: joins the first");
        awaitWaiting(waiter);

        release.countDown();

        assertThat(first.failure()).isSameAs(error);
        assertThat(waiter.failure()).isInstanceOf(IllegalStateException.class).hasCause(error);
        assertThat(loads.inFlight()).isZero();
    }

    @Test
    void cachedWhenTheValueIsKeptThenNothingIsLoaded() {
        Map<String, String> cache = new ConcurrentHashMap<>(Map.of("a", "kept"));
        AtomicInteger loaded = new AtomicInteger();

        assertThat(loads.cached("a", () -> cache.get("a"), () -> "loaded" + loaded.incrementAndGet(), v -> {}))
                .isEqualTo("kept");
        assertThat(loads.cached(
                        "b", () -> cache.get("b"), () -> "loaded" + loaded.incrementAndGet(), v -> cache.put("b", v)))
                .isEqualTo("loaded1");
        assertThat(cache).containsEntry("b", "loaded1");
        assertThat(loads.cached("b", () -> cache.get("b"), () -> "loaded" + loaded.incrementAndGet(), v -> {}))
                .isEqualTo("loaded1");
        assertThat(loaded).hasValue(1);
    }

    @Test
    void cachedWhenTheLoadFailsThenNothingIsKept() {
        Map<String, String> cache = new ConcurrentHashMap<>();

        assertThatThrownBy(() -> loads.cached(
                        "a",
                        () -> cache.get("a"),
                        () -> {
                            throw new IllegalArgumentException("refused");
                        },
                        v -> cache.put("a", v)))
                .hasMessage("refused");

        assertThat(cache).isEmpty();
        assertThat(loads.cached("a", () -> cache.get("a"), () -> "loaded", v -> cache.put("a", v)))
                .isEqualTo("loaded");
    }

    // --- callers on threads of their own ---

    private Caller call(String key, Supplier<String> load) {
        return call(() -> loads.get(key, load));
    }

    private Caller call(Supplier<String> request) {
        Caller caller = new Caller();
        caller.thread = Thread.ofPlatform().start(() -> {
            try {
                caller.result.set(request.get());
            } catch (Throwable e) {
                caller.thrown.set(e);
            } finally {
                caller.interruptedAfterwards.set(Thread.currentThread().isInterrupted());
            }
        });
        callers.add(caller);
        return caller;
    }

    private static final class Caller {
        Thread thread;
        final AtomicReference<String> result = new AtomicReference<>();
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final AtomicReference<Boolean> interruptedAfterwards = new AtomicReference<>();

        String value() throws InterruptedException {
            finish();
            assertThat(thrown.get()).isNull();
            return result.get();
        }

        Throwable failure() throws InterruptedException {
            finish();
            assertThat(thrown.get()).as("failure").isNotNull();
            return thrown.get();
        }

        private void finish() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).as("caller still waiting").isFalse();
        }
    }

    /** Until each caller is parked: in its load (on a latch) or waiting for another caller's load. */
    private static void awaitWaiting(Caller... callers) throws InterruptedException {
        awaitWaiting(List.of(callers));
    }

    private static void awaitWaiting(List<Caller> callers) throws InterruptedException {
        Threads.awaitParked(callers.stream().map(one -> one.thread).toList());
    }

    private static void await(CountDownLatch latch) {
        Threads.await(latch);
    }
}
