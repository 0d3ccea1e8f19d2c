package org.xrayportal.account.internal;

import java.time.Duration;

/**
 * A least time for answers that must not tell whether an address has an account (issue 12). Registering a new
 * address writes an account, a claim, a token, an audit row and an email, a taken one only an email; a reset for an
 * existing account writes a token and an email, one for an unknown address nothing. The answers are the same, and
 * with this floor, well above what either path takes, so is their time. Called by the controller after the
 * service's transaction, so no database connection is held while waiting; the request's (virtual) thread sleeps.
 */
public final class AnswerFloor {

    /** The least time such an answer takes. */
    public static final Duration FLOOR = Duration.ofMillis(400);

    private AnswerFloor() {}

    /** Returns no sooner than {@link #FLOOR} after {@code startedNanos} ({@link System#nanoTime()}). */
    public static void waitOut(long startedNanos) {
        long left = FLOOR.toNanos() - (System.nanoTime() - startedNanos);
        if (left > 0) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
