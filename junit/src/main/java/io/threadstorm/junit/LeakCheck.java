package io.threadstorm.junit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The threads alive when a scope (a test, or a test class) began, and at its end the wait for the threads started
 * since to end. With the agent, a thread that carries the scope's tag ({@link TestTag}) is the scope's too, wherever
 * it came from (a shared pool's worker running the test's task); under parallel execution only those count, since a
 * new thread without the tag is another test's or the engine's.
 */
final class LeakCheck {

    /** The longest pause between two looks while waiting; the first is 1 ms, each doubles the last. */
    private static final long MAX_PAUSE_MILLIS = 100;

    private final Census census;
    private final Set<Long> before = new HashSet<>();
    private final String tag;

    private LeakCheck(Census census, String tag) {
        this.census = census;
        this.tag = tag;
        census.take().forEach(t -> before.add(t.id()));
    }

    /**
     * What a check found at the end of its scope.
     *
     * @param leaked  the new threads still alive after the grace period, in id (start) order
     * @param ignored the new threads the filter let pass
     * @param note    where the threads' details came from, for the failure message
     * @param byTag   whether the threads were told by their tag (the agent's), not by the whole JVM's diff
     */
    record Outcome(List<LiveThread> leaked, List<LiveThread> ignored, String note, boolean byTag) {
    }

    /** Notes the threads alive now. */
    static LeakCheck begin(Census census) {
        return begin(census, null);
    }

    /** Notes the threads alive now, for a scope whose thread carries {@code tag} ({@code null}: none). */
    static LeakCheck begin(Census census, String tag) {
        return new LeakCheck(census, tag);
    }

    /**
     * Waits up to {@code grace} for the threads started since {@link #begin} to end, looking again after a short
     * pause that doubles each time; threads in {@code settled} (already reported or excused) do not count.
     */
    Outcome end(Duration grace, ThreadFilter filter, Set<Long> settled) {
        return end(grace, filter, settled, false, Baseline.NONE);
    }

    /**
     * As {@link #end(Duration, ThreadFilter, Set)}; under {@code parallel} execution, when the census tells tags,
     * only the threads with this scope's tag count; threads the {@code baseline} covers never do.
     */
    Outcome end(Duration grace, ThreadFilter filter, Set<Long> settled, boolean parallel, Baseline baseline) {
        long deadline = System.nanoTime() + grace.toNanos();
        long pause = 1;
        boolean interrupted = Thread.interrupted(); // a test may leave its flag set; the wait must still happen
        try {
            while (true) {
                List<LiveThread> leaked = new ArrayList<>();
                List<LiveThread> ignored = new ArrayList<>();
                List<LiveThread> threads = census.take();
                boolean byTag = tag != null && census.tellsTags();
                for (LiveThread t : threads) {
                    boolean mine = byTag && tag.equals(t.context());
                    boolean counts = mine || !(parallel && byTag) && !before.contains(t.id());
                    if (counts && !settled.contains(t.id()) && !baseline.covers(t)) {
                        (filter.ignores(t) ? ignored : leaked).add(t);
                    }
                }
                // a task the scope handed to a pool that a worker took but has not started yet: execute returns once
                // the worker has it, and the worker shows the tag only a moment later, when its getTask returns
                boolean handingOver = byTag && census.inFlight(tag);
                long left = deadline - System.nanoTime();
                if (leaked.isEmpty() && !handingOver || left <= 0) {
                    leaked.sort((a, b) -> Long.compare(a.id(), b.id()));
                    return new Outcome(leaked, ignored, census.note(), parallel && byTag);
                }
                try {
                    Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
