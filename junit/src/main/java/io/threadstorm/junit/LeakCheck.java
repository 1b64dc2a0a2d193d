package io.threadstorm.junit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The threads alive when a scope (a test, or a test class) began, and at its end the wait for the threads started
 * since to end.
 */
final class LeakCheck {

    /** The longest pause between two looks while waiting; the first is 1 ms, each doubles the last. */
    private static final long MAX_PAUSE_MILLIS = 100;

    private final Census census;
    private final Set<Long> before = new HashSet<>();

    private LeakCheck(Census census) {
        this.census = census;
        census.take().forEach(t -> before.add(t.id()));
    }

    /**
     * What a check found at the end of its scope.
     *
     * @param leaked  the new threads still alive after the grace period, in id (start) order
     * @param ignored the new threads the filter let pass
     * @param note    where the threads' details came from, for the failure message
     */
    record Outcome(List<LiveThread> leaked, List<LiveThread> ignored, String note) {
    }

    /** Notes the threads alive now. */
    static LeakCheck begin(Census census) {
        return new LeakCheck(census);
    }

    /**
     * Waits up to {@code grace} for the threads started since {@link #begin} to end, looking again after a short
     * pause that doubles each time; threads in {@code settled} (already reported or excused) do not count.
     */
    Outcome end(Duration grace, ThreadFilter filter, Set<Long> settled) {
        long deadline = System.nanoTime() + grace.toNanos();
        long pause = 1;
        boolean interrupted = Thread.interrupted(); // a test may leave its flag set; the wait must still happen
        try {
            while (true) {
                List<LiveThread> leaked = new ArrayList<>();
                List<LiveThread> ignored = new ArrayList<>();
                for (LiveThread t : census.take()) {
                    if (!before.contains(t.id()) && !settled.contains(t.id())) {
                        (filter.ignores(t) ? ignored : leaked).add(t);
                    }
                }
                long left = deadline - System.nanoTime();
                if (leaked.isEmpty() || left <= 0) {
                    leaked.sort((a, b) -> Long.compare(a.id(), b.id()));
                    return new Outcome(leaked, ignored, census.note());
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
