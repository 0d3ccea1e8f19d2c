package org.xrayportal.shared;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a load once per key at a time on this node: a caller that finds the same load under way waits for its result
 * (or its failure) instead of starting its own. When a cache entry expires under load, hundreds of requests would
 * otherwise miss together and ask the PACS the same thing at once (the 200-session load test collapsed that way, once
 * per minute); and a cache that computes under its own map lock makes unrelated keys wait for one slow load.
 *
 * <p>The load runs on the first caller's own thread, outside any lock. Nothing is kept here once a load ends: a
 * failure is not remembered, so the next caller loads again. If the first caller's thread is interrupted (its request
 * was cancelled, for example by the study page's deadline), the callers waiting for it do not inherit that: one of them
 * loads for itself and the others wait for that one.
 *
 * @param <K> what a load is for; keys are compared with {@code equals}
 */
public final class OncePerKey<K> {

    /** What a load's waiters get when the caller that ran it was interrupted: they load it themselves. */
    private static final Object FIRST_CALLER_INTERRUPTED = new Object();

    private final ConcurrentHashMap<K, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();
    private final Function<InterruptedException, RuntimeException> interrupted;

    /**
     * @param interrupted what a caller throws when it is interrupted while waiting for another's load (the thread's
     *     interrupt flag is set again first)
     */
    public OncePerKey(Function<InterruptedException, RuntimeException> interrupted) {
        this.interrupted = Objects.requireNonNull(interrupted, "interrupted");
    }

    /**
     * {@code load}'s value for {@code key}, or, if a load for {@code key} is already under way, that load's value or
     * failure: the same unchecked exception, or an {@link IllegalStateException} caused by its {@link Error} (the
     * caller that ran the load gets the Error itself). Waiters never hang, whatever {@code load} throws.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(K key, Supplier<T> load) {
        Objects.requireNonNull(key, "key");
        while (true) {
            CompletableFuture<Object> mine = new CompletableFuture<>();
            CompletableFuture<Object> running = inFlight.putIfAbsent(key, mine);
            if (running != null) {
                Object value = await(running);
                if (value == FIRST_CALLER_INTERRUPTED) {
                    continue; // the first caller's own request was cancelled: not this caller's failure, load it here
                }
                return (T) value;
            }
            try {
                T value = load.get();
                mine.complete(value);
                return value;
            } catch (Throwable e) {
                if (Thread.currentThread().isInterrupted()) {
                    mine.complete(FIRST_CALLER_INTERRUPTED);
                } else {
                    mine.completeExceptionally(e);
                }
                throw e;
            } finally {
                inFlight.remove(key, mine);
            }
        }
    }

    /**
     * {@code lookup}'s value when it has one, else {@code load}'s, handed to {@code keep} (a cache's {@code put}) and
     * loaded {@link #get once} per key at a time. A caller that becomes the loader looks again first, so a load that
     * ended just before it came is not repeated. A failure is neither kept nor remembered.
     */
    public <T> T cached(K key, Supplier<T> lookup, Supplier<T> load, Consumer<? super T> keep) {
        T value = lookup.get();
        if (value != null) {
            return value;
        }
        return get(key, () -> {
            T again = lookup.get();
            if (again != null) {
                return again;
            }
            T loaded = load.get();
            keep.accept(loaded);
            return loaded;
        });
    }

    /** How many loads are under way (for tests and diagnostics). */
    public int inFlight() {
        return inFlight.size();
    }

    private Object await(CompletableFuture<Object> running) {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted.apply(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
