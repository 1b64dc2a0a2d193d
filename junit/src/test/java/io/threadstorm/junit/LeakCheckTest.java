package io.threadstorm.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The check's wait, over a census that answers what the agent would at each look. */
class LeakCheckTest {

    static final String TAG = "test#1";

    /** Answers each look with the next scripted state, the last one for good. */
    static final class Scripted implements Census {
        record Look(List<LiveThread> threads, boolean inFlight) {
        }

        private final Deque<Look> looks = new ArrayDeque<>();
        private Look last;
        int taken;

        Scripted(Look... looks) {
            this.looks.addAll(List.of(looks));
        }

        @Override
        public List<LiveThread> take() {
            taken++;
            if (!looks.isEmpty()) {
                last = looks.poll();
            }
            return last.threads();
        }

        @Override
        public String note() {
            return "scripted";
        }

        @Override
        public boolean tellsTags() {
            return true;
        }

        @Override
        public boolean inFlight(String tag) {
            return TAG.equals(tag) && last.inFlight();
        }
    }

    static LiveThread worker(String context) {
        return new LiveThread(41, "pool-1-thread-1", "WAITING", false, false, List.of(), null, null, context, null);
    }

    static final ThreadFilter NONE = new ThreadFilter(List.of(), List.of());

    @Test
    void aTaskAWorkerTookButHasNotStartedKeepsTheCheckLooking() {
        // the first look after the test: the worker has the task but shows no tag yet; the next look, it does
        Scripted census = new Scripted(new Scripted.Look(List.of(), false), new Scripted.Look(List.of(), true),
                new Scripted.Look(List.of(worker(TAG)), false));
        LeakCheck check = LeakCheck.begin(census, TAG);
        LeakCheck.Outcome outcome = check.end(Duration.ofMillis(300), NONE, new HashSet<>(), true, Baseline.NONE);
        assertEquals(1, outcome.leaked().size(), "the worker that runs the test's task is its leak");
        assertTrue(outcome.byTag());
    }

    @Test
    void withNothingInFlightAnEmptyLookEndsTheCheck() {
        Scripted census = new Scripted(new Scripted.Look(List.of(), false), new Scripted.Look(List.of(), false),
                new Scripted.Look(List.of(worker(TAG)), false));
        LeakCheck check = LeakCheck.begin(census, TAG);
        LeakCheck.Outcome outcome = check.end(Duration.ofSeconds(10), NONE, new HashSet<>(), true, Baseline.NONE);
        assertTrue(outcome.leaked().isEmpty());
        assertEquals(2, census.taken, "one look at the start, one at the end");
    }
}
