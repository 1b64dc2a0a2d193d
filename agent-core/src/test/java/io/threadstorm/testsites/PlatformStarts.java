package io.threadstorm.testsites;

import io.threadstorm.record.Tracker;

/** Application code for tests: records platform-thread starts from known lines, outside the agent's packages. */
public final class PlatformStarts {

    /** One lambda: one class, written on this line. */
    public static final Runnable TASK = () -> { };

    private PlatformStarts() {
    }

    /** A thread running {@link #TASK}, never started: the tracker only records it. */
    public static Thread withTask() {
        return new Thread(TASK);
    }

    /** A thread of an anonymous subclass written on this line, never started. */
    public static Thread anonymous() {
        return new Thread() {
            @Override
            public void run() {
            }
        };
    }

    /** A named task class, which may be instantiated anywhere: its class names no place. */
    public static final class Named implements Runnable {
        @Override
        public void run() {
        }
    }

    public static void fromA(Tracker tracker, Thread thread) {
        tracker.threadStarted(thread); // place A
    }

    public static void fromB(Tracker tracker, Thread thread) {
        tracker.threadStarted(thread); // place B
    }

    /** Asks a library to start its thread, at place C. */
    public static void libraryFromC(Tracker tracker, boolean lambda) {
        if (lambda) {
            io.threadstorm.testlib.Spawner.spawnLambda(tracker); // place C
        } else {
            io.threadstorm.testlib.Spawner.spawnAnonymous(tracker); // place C
        }
    }

    /** Asks a library to start its thread, at place D. */
    public static void libraryFromD(Tracker tracker, boolean lambda) {
        if (lambda) {
            io.threadstorm.testlib.Spawner.spawnLambda(tracker); // place D
        } else {
            io.threadstorm.testlib.Spawner.spawnAnonymous(tracker); // place D
        }
    }
}
