package org.xrayportal.imaging;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} whose reads never block longer than an idle timeout nor past an optional
 * deadline. The JDK's own {@code ofInputStream()} blocks without limit when a server stalls mid-body, which would
 * hang a request thread; here the reader gives up with an {@link HttpTimeoutException} and cancels the exchange.
 */
final class TimedBodyStream extends InputStream implements BodySubscriber<InputStream> {

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final long idleNanos;
    private final long deadlineNanos;
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> batch = List.<ByteBuffer>of().iterator();
    private ByteBuffer current;
    private boolean ended;
    private boolean closed;

    /** @param deadlineNanos a {@link System#nanoTime()} value, or {@link Long#MAX_VALUE} for none */
    TimedBodyStream(long idleNanos, long deadlineNanos) {
        this.idleNanos = idleNanos;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        queue.add(throwable);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!advance()) {
            return -1;
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    /** Makes {@code current} a buffer with bytes left; false at end of body. */
    private boolean advance() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        while (current == null || !current.hasRemaining()) {
            if (batch.hasNext()) {
                current = batch.next();
                continue;
            }
            if (ended) {
                return false;
            }
            Object next = take();
            if (next == END) {
                ended = true;
            } else if (next instanceof Throwable t) {
                ended = true;
                throw t instanceof IOException io ? io : new IOException(t);
            } else {
                @SuppressWarnings("unchecked")
                List<ByteBuffer> buffers = (List<ByteBuffer>) next;
                batch = buffers.iterator();
                subscription.request(1);
            }
        }
        return true;
    }

    private Object take() throws IOException {
        long wait = idleNanos;
        if (deadlineNanos != Long.MAX_VALUE) {
            wait = Math.min(wait, deadlineNanos - System.nanoTime());
        }
        Object next;
        try {
            next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while reading from the PACS", e);
        }
        if (next == null) {
            close();
            throw new HttpTimeoutException("no data from the PACS within the read timeout");
        }
        return next;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            queue.clear();
        }
    }
}
