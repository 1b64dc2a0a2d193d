package io.threadstorm.it.apps;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Thread subclasses that break what the agent reads of a thread: {@code getState()} returns {@code null},
 * {@code getId()} throws, and a name holds a lone surrogate (which no encoder can write). {@value #EACH} threads of
 * each kind, each kind from its own line, park until the JVM exits. Argument: milliseconds to wait before exiting.
 */
public final class HostileThreadsApp {

    static final int EACH = 12;
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private HostileThreadsApp() {
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < EACH; i++) {
            new NullState().start(); // hostile:null-state
            new ThrowingId().start(); // hostile:throwing-id
            Thread t = new Thread(HostileThreadsApp::park, "bad\uD800name-" + i);
            t.setDaemon(true);
            t.start(); // hostile:lone-surrogate
        }
        System.out.println("started " + 3 * EACH);
        TimeUnit.MILLISECONDS.sleep(Long.parseLong(args[0]));
        System.exit(0);
    }

    static void park() {
        while (true) {
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                // parked until the JVM exits
            }
        }
    }

    /** Says it has no state. */
    static final class NullState extends Thread {
        NullState() {
            super("null-state");
            setDaemon(true);
        }

        @Override
        public void run() {
            park();
        }

        @Override
        public State getState() {
            return null;
        }
    }

    /** Will not say its id. */
    static final class ThrowingId extends Thread {
        ThrowingId() {
            super("throwing-id");
            setDaemon(true);
        }

        @Override
        public void run() {
            park();
        }

        @Override
        @SuppressWarnings("deprecation")
        public long getId() {
            throw new UnsupportedOperationException("no id for you");
        }
    }
}
