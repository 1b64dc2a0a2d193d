package io.threadstorm.record;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many stack walks may run over time: at most one per {@code 1/perSecond} on average, and up to {@code burst} at
 * once after a quiet spell (a generic cell rate algorithm: one number, one compare-and-set, no lock, no clock thread).
 * A storm repeats, so a few walks a second of each call site find it as surely as a fixed one in N, and the cost no
 * longer grows with the rate at which the application calls.
 */
final class WalkBudget {

    private final long burst;
    private volatile long interval;
    /** When the budget is full again, in {@link System#nanoTime()} terms. */
    private final AtomicLong full = new AtomicLong(Long.MIN_VALUE);

    WalkBudget(double perSecond, int burst) {
        this.burst = Math.max(1, burst);
        perSecond(perSecond);
    }

    /** Changes the rate (a boost while a suspect waits for futures no walk caught). */
    void perSecond(double perSecond) {
        interval = Math.max(1, (long) (1e9 / perSecond));
    }

    /** Takes one walk at {@code now} ({@code System.nanoTime()}); {@code false} when the budget is spent. */
    boolean take(long now) {
        long step = interval;
        long t = full.get();
        long base = t == Long.MIN_VALUE || t - now < 0 ? now : t;
        if (base - now > (burst - 1) * step) {
            return false;
        }
        return full.compareAndSet(t, base + step); // lost to another thread: that one walks, this one need not
    }
}
