package io.threadstorm.testsites;

import io.threadstorm.record.Tracker;

/** Application code for tests: records thread starts from one known line, outside the agent's packages. */
public final class Starts {

    private Starts() {
    }

    public static void start(Tracker tracker, Thread thread) {
        thread.start();
        tracker.threadStarted(thread);
    }
}
