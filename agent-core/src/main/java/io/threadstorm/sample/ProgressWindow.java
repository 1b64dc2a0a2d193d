package io.threadstorm.sample;

import io.threadstorm.classify.WaitPoints;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the last samples saw of each example thread, over the progress window: for each thread read in a sample,
 * a {@link Motion} that says whether its stack moved, how much CPU it used, and whether it made progress or was
 * busy within the window. Threads not read in a sample are forgotten. One sample at a time (the sampler's thread).
 */
final class ProgressWindow {

    /**
     * CPU a waiting thread must have used since the previous sample, as a share of the time between them, to count
     * as having worked: 1 ms per 5 s (50 us per 250 ms). Waking up on a timeout and waiting again costs 10-50 us
     * (an HttpClient selector every 3 s, a heartbeat thread, a poll loop with a 1 s timeout); serving requests
     * costs more. A thread that only wakes up on its timeouts stays stuck.
     */
    static final double WORK_SHARE = 0.0002;

    /**
     * CPU a thread must have used over the window, as a share of it, to count as busy: 1% of a core (50 ms per 5 s).
     * Serving connections costs that; the wake-ups of a client's event loop on its own timers (a selector's
     * timeout, a reconnect back-off, a metadata refresh) cost a tenth of it, in bursts: a single interval can exceed
     * 1% while the window does not. Waiting threads outside a selector are also busy when they make progress.
     */
    static final double BUSY_SHARE = 0.01;

    /**
     * The shortest span a CPU share is measured over: a share over a few milliseconds says nothing of a thread that
     * the scheduler happened to leave off the CPU for them.
     */
    static final long MIN_SPAN_NANOS = 200_000_000L;

    /**
     * CPU readings kept per thread at most: enough for a window of 64 samples. The ring starts small and grows only
     * while its oldest reading is still within the window, so a default window of 6 samples keeps 8.
     */
    static final int HISTORY = 64;

    /**
     * One example thread at one sample.
     *
     * @param cpuShare    CPU used since the previous sample (at least {@link #MIN_SPAN_NANOS} before) as a share of
     *                    the time between them; -1 when unknown
     * @param unchanged   its top frames are those of the previous sample
     * @param watched     it has been read for a whole window: only then can its progress judge it stuck
     * @param progressing it made progress within the window: its stack moved while it waited, or it used at least
     *                    {@link #WORK_SHARE} between two samples while not sleeping
     * @param busy        it used at least {@link #BUSY_SHARE} of a core over the window, or made progress within it
     *                    and was not read in a selector within it (an event loop that wakes on its timers moves,
     *                    between its selector and a back-off's sleep, without being busy)
     */
    record Motion(double cpuShare, boolean unchanged, boolean watched, boolean progressing, boolean busy) {
    }

    /** A thread's history: the readings of the last samples, oldest first, in a ring. */
    private static final class Track {
        final long firstSeenMillis;
        long top;
        long progressMillis;
        long busyMillis;
        /** When it was last read waiting in a selector: an event loop, whose moves are its own timers. */
        long selectingMillis;
        long[] nanos = new long[4];
        long[] cpu = new long[4];
        int size;
        int next;

        Track(long firstSeenMillis) {
            this.firstSeenMillis = firstSeenMillis;
        }

        /**
         * CPU share since the latest reading at least {@code minSpan} before {@code now} (else the oldest): the
         * previous sample's, unless it was only moments ago (an exit or on-demand report right after a sample).
         * -1 when no earlier reading has a CPU time.
         */
        double shareSince(long now, long cpuNow, long minSpan) {
            int from = -1;
            for (int i = size - 1; i >= 0; i--) {
                int at = (next - size + i + nanos.length) % nanos.length;
                if (cpu[at] < 0) {
                    continue;
                }
                from = at;
                if (now - nanos[at] >= minSpan) {
                    break;
                }
            }
            if (from < 0 || now <= nanos[from]) {
                return -1;
            }
            return Math.min(1.0, (double) (cpuNow - cpu[from]) / (now - nanos[from]));
        }

        void add(long n, long c, long windowNanos) {
            if (size == nanos.length && nanos.length < HISTORY && n - nanos[next] <= windowNanos) {
                // full, and the oldest reading is still needed: grow, oldest first
                long[] ns = new long[nanos.length * 2];
                long[] cs = new long[nanos.length * 2];
                for (int i = 0; i < size; i++) {
                    ns[i] = nanos[(next + i) % nanos.length];
                    cs[i] = cpu[(next + i) % nanos.length];
                }
                nanos = ns;
                cpu = cs;
                next = size;
            }
            nanos[next] = n;
            cpu[next] = c;
            next = (next + 1) % nanos.length;
            size = Math.min(nanos.length, size + 1);
        }

        /** CPU share over the readings within {@code windowNanos} before {@code now}, -1 if fewer than two. */
        double windowShare(long now, long cpuNow, long windowNanos) {
            int oldest = -1;
            for (int i = 0; i < size; i++) {
                int at = (next - size + i + nanos.length) % nanos.length;
                if (now - nanos[at] <= windowNanos && cpu[at] >= 0) {
                    oldest = at;
                    break;
                }
            }
            if (oldest < 0 || now == nanos[oldest]) {
                return -1;
            }
            return (double) (cpuNow - cpu[oldest]) / (now - nanos[oldest]);
        }
    }

    private final long windowMillis;
    private Map<Long, Track> tracks = new HashMap<>();
    private Map<Long, Track> seen = new HashMap<>();
    private long nowMillis;
    private long nowNanos;

    ProgressWindow(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /** Starts a sample taken at these times. */
    void begin(long millis, long nanos) {
        nowMillis = millis;
        nowNanos = nanos;
        seen = new HashMap<>();
    }

    /**
     * Reads one example thread in the current sample.
     *
     * @param cpuNanos its CPU time, or -1 when unknown (virtual threads, no CPU timing)
     * @param waits    whether it waits (or is RUNNABLE in an idle native wait): the states in which progress counts
     */
    Motion observe(long id, List<StackTraceElement> stack, long cpuNanos, boolean waits) {
        long top = topHash(stack);
        Track t = tracks.get(id);
        boolean known = t != null;
        double share = known && cpuNanos >= 0 ? t.shareSince(nowNanos, cpuNanos, MIN_SPAN_NANOS) : -1;
        boolean unchanged = known && t.top == top;
        if (!known) {
            t = new Track(nowMillis);
        }
        boolean selecting = waits && WaitPoints.isSelecting(stack);
        if (selecting) {
            t.selectingMillis = nowMillis;
        }
        if (known && waits) {
            // a sleep loop burns a little CPU at every wake-up without serving anyone
            boolean worked = share >= WORK_SHARE && !WaitPoints.isSleeping(stack);
            if (!unchanged || worked) {
                t.progressMillis = nowMillis;
                // an event loop read in its selector within the window that is now elsewhere (a retry back-off's
                // sleep, a lock) moved on its own timers: it is busy by its CPU alone, as in its selector
                boolean eventLoop = t.selectingMillis != 0 && nowMillis - t.selectingMillis <= windowMillis;
                if (!eventLoop) {
                    t.busyMillis = nowMillis;
                }
            }
        }
        t.top = top;
        t.add(nowNanos, cpuNanos, windowMillis * 1_000_000L);
        double windowShare = cpuNanos < 0 ? -1 : t.windowShare(nowNanos, cpuNanos, windowMillis * 1_000_000L);
        seen.put(id, t);
        boolean progressing = t.progressMillis != 0 && nowMillis - t.progressMillis <= windowMillis;
        boolean busy = windowShare >= BUSY_SHARE
                || t.busyMillis != 0 && nowMillis - t.busyMillis <= windowMillis;
        return new Motion(share, unchanged, nowMillis - t.firstSeenMillis >= windowMillis, progressing, busy);
    }

    /** Ends the sample: threads it did not read are forgotten. */
    void end() {
        tracks = seen;
    }

    private static long topHash(List<StackTraceElement> stack) {
        long h = 17;
        for (int i = 0; i < Math.min(6, stack.size()); i++) {
            StackTraceElement e = stack.get(i);
            h = h * 31 + e.getClassName().hashCode();
            h = h * 31 + e.getMethodName().hashCode();
        }
        return h;
    }
}
