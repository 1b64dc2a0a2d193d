package io.threadstorm.it.apps;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A hostile application that interrupts every thread it can see, every 10 ms, until the JVM is gone (the agent's
 * threads, and its exit hook, too), while it leaks threads waiting on a latch nobody releases. Those threads wait
 * again when interrupted, so the leak is the same with or without interrupts. Argument: seconds to run.
 */
public final class InterruptingApp {

    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private InterruptingApp() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        Thread interrupter = new Thread(InterruptingApp::interruptEveryone, "interrupter");
        interrupter.setDaemon(true);
        interrupter.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int started = 0;
        while (System.nanoTime() < end) {
            Thread t = new Thread(InterruptingApp::awaitForever, "uploader-" + started++);
            t.setDaemon(true);
            t.start(); // threadstorm:leak-site
            sleepThroughInterrupts(100);
        }
        System.out.println("started " + started);
        System.exit(0);
    }

    private static void interruptEveryone() {
        while (true) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                // its own leaked threads are left alone: woken every 10 ms they would look busy, not leaked
                if (t != Thread.currentThread() && !t.getName().startsWith("uploader-")) {
                    t.interrupt();
                }
            }
            sleepThroughInterrupts(10);
        }
    }

    private static void awaitForever() {
        while (true) {
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                // waits again
            }
        }
    }

    private static void sleepThroughInterrupts(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = millis; left > 0; left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                // the main thread is interrupted too
            }
        }
    }
}
