package io.threadstorm.sample;

import io.threadstorm.classify.ThreadSample;
import io.threadstorm.classify.WaitPoints;
import java.util.List;
import java.util.Map;

/**
 * How much of a site is stuck, judged from what the sampler read: the live threads' states, the examples with
 * their {@link ProgressWindow.Motion}, and the reads of the site's pools. Each thread is judged by the one rule the
 * classifier also reads threads by ({@link WaitPoints#notRunning}); this class only weighs them.
 */
final class Stuckness {

    /** Pools behind one site that can still be a set of long-lived pools (bulkheads), not pools per call. */
    static final int MAX_SERVING_POOLS = 64;

    private Stuckness() {
    }

    /**
     * A site's stuck shares: {@code ratio} counts a thread as working when it made progress; {@code unlessBusy}
     * only when it was busy (see {@link SiteSample#stuckUnlessBusy()}).
     */
    record Shares(double ratio, double unlessBusy) {
        static final Shares NONE = new Shares(0, 0);
    }

    /** One example with what the window says of it. */
    record Example(ThreadSample sample, ProgressWindow.Motion motion) {
    }

    /**
     * Threads of a site with no pool behind it (plain threads, virtual threads, workers of pools the agent did not
     * see created) are judged one by one: those that made progress within the window are not stuck, and until most
     * examples have been watched for a whole window the site is not judged at all. Workers of known pools and timers
     * are judged by their pools, whose tasks (periodic ones too) keep a leaked pool busy.
     *
     * @param perThread whether the site's threads are judged one by one (no pool or timer behind them)
     * @param pools     the reads of the site's pools at this sample (empty without pools)
     */
    static Shares of(Map<String, Integer> states, int live, List<Example> examples, int owners, boolean perThread,
                     List<PoolReading> pools, long now, long windowMillis) {
        if (perThread && examples.stream().filter(e -> e.motion().watched()).count() * 2 < examples.size()) {
            return Shares.NONE;
        }
        double stuck = ratio(states, live, examples, owners, perThread, false);
        double unlessBusy = perThread ? ratio(states, live, examples, 0, true, true) : stuck;
        if (!pools.isEmpty()) {
            Serving serving = serving(pools, now, windowMillis);
            if (serving.completing()) {
                stuck = 0;
            }
            if (serving.busy()) {
                unlessBusy = 0;
            }
        }
        return new Shares(stuck, unlessBusy);
    }

    /**
     * The share of stuck threads: all threads' states give the split between runnable and not; the examples tell
     * which of each kind really are stuck (a RUNNABLE thread in a socket read is; an idle worker of a single shared
     * pool is not).
     *
     * @param byMotion whether an example's motion can clear it (per-thread sites)
     * @param busyOnly whether only a busy example is cleared (else one that made progress)
     */
    static double ratio(Map<String, Integer> states, int live, List<Example> examples, int owners, boolean byMotion,
                        boolean busyOnly) {
        if (live == 0) {
            return 0;
        }
        int runnable = states.getOrDefault("RUNNABLE", 0) + states.getOrDefault("NEW", 0);
        int waiting = live - runnable;
        double runnableStuck = 0;
        double waitingStuck = 1;
        int r = 0;
        int rs = 0;
        int w = 0;
        int ws = 0;
        for (Example e : examples) {
            ThreadSample s = e.sample();
            boolean stuck = WaitPoints.notRunning(s, runnable);
            if (stuck && owners <= 1 && WaitPoints.isIdlePoolWorker(s.stack())) {
                stuck = false; // one shared pool, idle: sized by load, not leaking
            }
            if (stuck && byMotion && (busyOnly ? e.motion().busy() : e.motion().progressing())) {
                stuck = false; // it worked within the window
            }
            if (s.state() == Thread.State.RUNNABLE) {
                r++;
                rs += stuck ? 1 : 0;
            } else {
                w++;
                ws += stuck ? 1 : 0;
            }
        }
        if (r > 0) {
            runnableStuck = (double) rs / r;
        }
        if (w > 0) {
            waitingStuck = (double) ws / w;
        }
        return (runnable * runnableStuck + waiting * waitingStuck) / live;
    }

    /**
     * Whether the site's pools serve: most of those read for a whole progress window completed tasks within it.
     * A pool created per call completes its task and then idles, so the older pools of such a site have stopped;
     * a shared set of pools (bulkheads, an elastic scheduler whose workers are each a one-thread pool) keeps
     * completing tasks, while it also creates pools as load arrives. A pool read for less than a window is too new
     * to tell and counts neither way; a site whose pools are all that new is not judged yet. Among several
     * scheduled pools, one whose own periodic task sits at the head of its queue completes that task forever,
     * whoever uses it: it never counts as serving. More than {@link #MAX_SERVING_POOLS} pools never serve.
     */
    static Serving serving(List<PoolReading> pools, long now, long windowMillis) {
        if (pools.size() > MAX_SERVING_POOLS) {
            return Serving.NOT; // that many pools at one line are pools per call, not bulkheads
        }
        int judged = 0;
        int completing = 0;
        int busy = 0;
        for (PoolReading p : pools) {
            if (now - p.firstReadMillis() < windowMillis) {
                continue;
            }
            judged++;
            boolean periodic = pools.size() > 1 && now - p.periodicSeenMillis() <= windowMillis;
            if (now - p.progressMillis() <= windowMillis && !periodic) {
                completing++;
                if (now - p.activeSeenMillis() <= windowMillis) {
                    busy++;
                }
            }
        }
        return judged == 0 ? Serving.YES : new Serving(completing * 2 > judged, busy * 2 > judged);
    }

    /**
     * Whether a site's pools serve: {@code completing}, most of them completed tasks within the window; {@code busy},
     * most of them were also seen running one. A pool that completes tasks without ever being caught running one
     * runs only ticks (a timer's callbacks on a subscription nobody disposed); the detector asks for {@code busy}
     * only of sites whose threads never end ({@link SiteSample#stuckUnlessBusy()}).
     */
    record Serving(boolean completing, boolean busy) {
        static final Serving YES = new Serving(true, true);
        static final Serving NOT = new Serving(false, false);
    }
}
