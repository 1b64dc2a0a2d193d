package io.threadstorm.testsites;

import io.threadstorm.record.Tracker;

/** Application code for tests: reports future creations from two known lines, outside the agent's packages. */
public final class FutureStarts {

    private FutureStarts() {
    }

    public static void fromA(Tracker tracker) {
        tracker.futureCreated(new java.util.concurrent.CompletableFuture<>()); // place A
    }

    public static void fromB(Tracker tracker) {
        tracker.futureCreated(new java.util.concurrent.CompletableFuture<>()); // place B
    }
}
