package io.threadstorm.classify;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Decides why the threads of one creation site do not end. Each example thread is read on its own (the wait
 * table {@link WaitRules}, its state, CPU and whether its stack moved); the cause most examples show wins; the
 * confidence is that cause's strength times the share of examples that agree, raised or lowered by what the
 * agent knows about the site (pools created against pools shut down, timers cancelled, where futures came from).
 */
public final class Classifier {

    /** How strongly each cause, once shown by every example, explains a leak. */
    private static final Map<Category, Double> STRENGTH = new EnumMap<>(Category.class);

    static {
        STRENGTH.put(Category.QUEUE_HANDOFF, 0.9);
        STRENGTH.put(Category.POOL_NEVER_SHUTDOWN, 0.9);
        STRENGTH.put(Category.LATCH_NEVER_RELEASED, 0.9);
        STRENGTH.put(Category.TIMER_NEVER_CANCELLED, 0.85);
        STRENGTH.put(Category.FUTURE_NEVER_COMPLETED, 0.85);
        STRENGTH.put(Category.DEADLOCK, 1.0);
        STRENGTH.put(Category.LOCK_CONTENTION, 0.9);
        STRENGTH.put(Category.SLEEPING, 0.85);
        STRENGTH.put(Category.BLOCKING_IO, 0.85);
        STRENGTH.put(Category.BUSY_SPIN, 0.8);
        STRENGTH.put(Category.WAITING, 0.6);
        STRENGTH.put(Category.UNKNOWN, 0.2);
    }

    /** Waits that, inside a library's own threads, are its machinery idling rather than the application's waits. */
    private static final java.util.Set<Category> LIBRARY_MACHINERY = java.util.EnumSet.of(Category.WAITING,
            Category.LATCH_NEVER_RELEASED, Category.QUEUE_HANDOFF, Category.FUTURE_NEVER_COMPLETED);

    /**
     * The cause for a site.
     *
     * @param facts    what the agent knows about the site; {@code null} when nothing is
     * @param examples a few of its threads (typically 1 to 8)
     */
    public Cause classify(SiteFacts facts, List<ThreadSample> examples) {
        List<ThreadSample> ex = examples == null ? List.of() : examples;
        SiteFacts f = facts != null ? facts : SiteFacts.unknown("dump", null, ex.size());
        if (!f.deadlocks().isEmpty()) {
            return DeadlockCause.of(f, ex);
        }
        if (ex.isEmpty()) {
            return new Cause(Category.UNKNOWN, 0.1, null,
                    List.of("No example thread of this site was sampled (" + f.live()
                            + " live), so no stack was read."),
                    Fixes.fixFor(Category.UNKNOWN));
        }
        int competing = competingRunnable(f, ex);
        List<WaitReading> readings = ex.stream().map(s -> WaitReading.of(s, competing)).toList();
        if (LibraryHints.runOnlyLibraryCode(readings)) {
            // every thread runs only a known library's code: the latches, queues and conditions it waits on are the
            // library's own machinery (a client's reserved threads, a pool's idle workers), not the application's
            readings = readings.stream().map(w -> LIBRARY_MACHINERY.contains(w.category())
                    ? w.as(Category.POOL_NEVER_SHUTDOWN) : w).toList();
        }
        SiteReading r = SiteReading.vote(readings, f);
        if (r.category() == Category.WAITING && f.libraryCall() != null) {
            // threads a library call started, idle in a bare wait inside the library: the workers of a pool,
            // scheduler or client that the library built, not a wait the application forgot (threads that run only
            // a known library's code were read so above, dumps included)
            r = r.as(Category.POOL_NEVER_SHUTDOWN);
        }
        Category category = r.category() == null ? Category.UNKNOWN : r.category();
        StackTraceElement at = r.waitingAt();
        return new Cause(category, round(confidence(r)), JdkFrames.text(at), Evidence.write(r), Fixes.fix(r));
    }

    /** The generic fix for a category, for documentation and for causes without a frame to name. */
    public static String fixFor(Category category) {
        return Fixes.fixFor(category);
    }

    /**
     * How many of the site's threads compete for the CPU: its live threads times the share of examples that are
     * RUNNABLE and not waiting (at least those examples).
     */
    static int competingRunnable(SiteFacts f, List<ThreadSample> examples) {
        long runnable = examples.stream()
                .filter(s -> s.state() == Thread.State.RUNNABLE && !WaitPoints.isStuck(s)).count();
        long estimate = Math.round(Math.max(f.live(), examples.size()) * (double) runnable / examples.size());
        return (int) Math.max(1, Math.max(runnable, estimate));
    }

    static double confidence(SiteReading r) {
        if (r.category() == null) {
            // most examples are running: the site may grow, but nothing shows why its threads would not end
            return STRENGTH.get(Category.UNKNOWN) * (1 - r.share() / 2);
        }
        double strength = STRENGTH.get(r.category());
        SiteFacts f = r.facts();
        switch (r.category()) {
            case POOL_NEVER_SHUTDOWN:
                if (f.poolsCreated() == 0 && (r.byLibraryCall()
                        || "dump".equals(f.kind()) && LibraryHints.runOnlyLibraryCode(r))) {
                    strength = 0.85; // a library started them and they idle inside the library
                    break;
                }
                if (f.poolsCreated() >= 2) {
                    strength = f.poolsShutDown() == 0 ? 0.95 : 0.85;
                } else if (f.poolsCreated() == 1) {
                    strength = 0.35; // one shared idle pool is not a leak by itself
                } else {
                    strength = Evidence.poolsByName(r) >= 2 ? 0.8 : 0.6;
                }
                if (Evidence.allTimed(r)) {
                    strength *= 0.85; // keep-alive: idle workers end on their own
                }
                break;
            case TIMER_NEVER_CANCELLED: {
                int created = r.javaUtilTimer() ? f.timersCreated() : f.poolsCreated();
                int ended = r.javaUtilTimer() ? f.timersCancelled() : f.poolsShutDown();
                if (created >= 2) {
                    strength = ended == 0 ? 0.95 : 0.85;
                } else if (created == 1) {
                    strength = 0.6; // one long-lived scheduler is how timers are meant to be used
                }
                break;
            }
            case FUTURE_NEVER_COMPLETED:
                if (f.futureCreationFrame() != null) {
                    strength = 0.95;
                }
                break;
            case LOCK_CONTENTION:
                if (Evidence.ownerName(r) == null) {
                    strength = 0.75;
                }
                break;
            default:
                break;
        }
        return strength * r.share();
    }

    private static double round(double d) {
        return Math.max(0.05, Math.min(1.0, Math.round(d * 100) / 100.0));
    }
}
