package io.threadstorm.testlib;

import io.threadstorm.record.Tracker;

/**
 * Library code for tests (outside the application packages the tests set): starts every thread of its own through
 * one anonymous task class and one lambda, whichever application line asks, as event-loop libraries do.
 */
public final class Spawner {

    private Spawner() {
    }

    /** Records the start of a thread running the library's one anonymous task class. */
    public static void spawnAnonymous(Tracker tracker) {
        tracker.threadStarted(new Thread(new Runnable() {
            @Override
            public void run() {
            }
        }));
    }

    /** Records the start of a thread running the library's one lambda. */
    public static void spawnLambda(Tracker tracker) {
        tracker.threadStarted(new Thread(() -> { }));
    }
}
