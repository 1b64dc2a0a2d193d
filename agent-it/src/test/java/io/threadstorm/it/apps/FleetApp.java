package io.threadstorm.it.apps;

import java.util.concurrent.CountDownLatch;

/**
 * A leaking application for the live endpoint: {@code leak N} starts N parked threads at one site, one every
 * 100 ms; {@code sites M} parks one thread at each of M distinct creation stacks; {@code interrupt} interrupts every
 * thread it can see, every 20 ms, as some frameworks and harnesses do. Prints {@code ready} and runs until killed
 * (two minutes, or the seconds given by {@code for N}).
 */
public final class FleetApp {

    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private FleetApp() {
    }

    /** A task of a named class: each start is walked, so each distinct stack is its own site. */
    static final class Parked implements Runnable {
        @Override
        public void run() {
            while (true) {
                try {
                    NEVER.await();
                    return;
                } catch (InterruptedException e) {
                    // parked for good, whoever interrupts
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        boolean interrupt = false;
        int leaks = 0;
        int sites = 0;
        int seconds = 120;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "leak" -> leaks = Integer.parseInt(args[++i]);
                case "sites" -> sites = Integer.parseInt(args[++i]);
                case "interrupt" -> interrupt = true;
                case "for" -> seconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        for (int i = 0; i < sites; i++) {
            ManySites.start(i, new Parked(), "fleet-site-" + i);
        }
        if (interrupt) {
            Thread t = new Thread(FleetApp::interruptAll, "interrupter");
            t.setDaemon(true);
            t.start();
        }
        System.out.println("ready");
        for (int i = 0; i < leaks; i++) {
            leak(i);
            Thread.sleep(100);
        }
        System.out.println("leaked " + leaks);
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < end) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                // interrupted by our own interrupter: go on
            }
        }
    }

    private static void leak(int i) {
        Thread t = new Thread(new Parked(), "fleet-leak-" + i);
        t.setDaemon(true);
        t.start(); // site:fleet-leak
    }

    private static void interruptAll() {
        while (true) {
            ThreadGroup root = Thread.currentThread().getThreadGroup();
            while (root.getParent() != null) {
                root = root.getParent();
            }
            Thread[] all = new Thread[root.activeCount() + 64];
            int n = root.enumerate(all, true);
            for (int i = 0; i < n; i++) {
                if (all[i] != Thread.currentThread()) {
                    all[i].interrupt();
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                // go on
            }
        }
    }
}
