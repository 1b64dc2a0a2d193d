package io.threadstorm.classify;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Decides why the threads of one creation site do not end. Each example thread is read on its own (the wait
 * table, its state, CPU and whether its stack moved: {@link WaitReading}); the cause most examples show wins
 * ({@link SiteReading#vote}, ties by {@link Causes#PRIORITY}); that cause's unit gives its strength (raised or
 * lowered by what the agent knows about the site: pools created against pools shut down, timers cancelled, where
 * futures came from), its sentences and its fix.
 */
public final class Classifier {

    /** Waits that, inside a library's own threads, are its machinery idling rather than the application's waits. */
    private static final Set<Category> LIBRARY_MACHINERY = EnumSet.of(Category.WAITING,
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
                    fixFor(Category.UNKNOWN));
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
        CauseUnit unit = Causes.of(r.category());
        String at = JdkFrames.text(r.waitingAt());
        return new Cause(unit.category(), round(unit.confidence(r)), at, Evidence.write(r, unit), fix(r, unit, at));
    }

    /** The generic fix for a category, for documentation and for causes without a frame to name. */
    public static String fixFor(Category category) {
        return Causes.of(category).genericFix();
    }

    /** The unit's fix, naming the frame to change, plus library advice when the threads belong to one. */
    private static String fix(SiteReading r, CauseUnit unit, String at) {
        if (r.category() == null) {
            return unit.genericFix();
        }
        String library = at != null && unit.libraryObjectOwns(r) ? LibraryHints.libraryObjectFix(r) : null;
        String main = library != null ? library : at == null ? unit.genericFix() : unit.fix(r, at);
        String advice = LibraryHints.adviceFor(r);
        return advice == null ? main : main + " " + advice;
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

    private static double round(double d) {
        return Math.max(0.05, Math.min(1.0, Math.round(d * 100) / 100.0));
    }
}
