package io.threadstorm.it.apps;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts {@code <count>} threads that park until the JVM exits, then calls {@code System.exit} and prints the
 * wall-clock millisecond just before it, so that the parent can measure how long the exit took. Arguments:
 * {@code <count> platform|virtual one|many [<holdMillis>]}: {@code many} starts each platform thread from one of
 * {@value #SITES} lines (its index modulo {@value #SITES}) with a task of a named class (which the agent never takes
 * for a site), so the threads fall into {@value #SITES} creation sites. Virtual threads need
 * JDK 21+ and are started through a method handle, as this compiles for 17.
 */
public final class ManyThreadsApp {

    static final int SITES = 25;

    private ManyThreadsApp() {
    }

    public static void main(String[] args) throws Throwable {
        int count = Integer.parseInt(args[0]);
        boolean virtual = args[1].equals("virtual");
        boolean many = args[2].equals("many");
        long hold = args.length > 3 ? Long.parseLong(args[3]) : 0;
        MethodHandle startVirtual = virtual ? MethodHandles.publicLookup().findStatic(Thread.class,
                "startVirtualThread", MethodType.methodType(Thread.class, Runnable.class)) : null;
        for (int i = 0; i < count; i++) {
            start(many ? i % SITES : 0, startVirtual);
        }
        System.out.println("started " + count);
        TimeUnit.MILLISECONDS.sleep(hold);
        System.out.println("exit at " + System.currentTimeMillis());
        System.out.flush();
        System.exit(0);
    }

    /** Each case is a line of its own: a creation site of its own. */
    private static void start(int site, MethodHandle startVirtual) throws Throwable {
        switch (site) {
            case 0 -> go(startVirtual);
            case 1 -> go(startVirtual);
            case 2 -> go(startVirtual);
            case 3 -> go(startVirtual);
            case 4 -> go(startVirtual);
            case 5 -> go(startVirtual);
            case 6 -> go(startVirtual);
            case 7 -> go(startVirtual);
            case 8 -> go(startVirtual);
            case 9 -> go(startVirtual);
            case 10 -> go(startVirtual);
            case 11 -> go(startVirtual);
            case 12 -> go(startVirtual);
            case 13 -> go(startVirtual);
            case 14 -> go(startVirtual);
            case 15 -> go(startVirtual);
            case 16 -> go(startVirtual);
            case 17 -> go(startVirtual);
            case 18 -> go(startVirtual);
            case 19 -> go(startVirtual);
            case 20 -> go(startVirtual);
            case 21 -> go(startVirtual);
            case 22 -> go(startVirtual);
            case 23 -> go(startVirtual);
            case 24 -> go(startVirtual);
            default -> throw new IllegalArgumentException("site " + site);
        }
    }

    private static void go(MethodHandle startVirtual) throws Throwable {
        if (startVirtual != null) {
            Thread t = (Thread) startVirtual.invoke((Runnable) ManyThreadsApp::park);
        } else {
            Thread t = new Thread(new Parker());
            t.setDaemon(true);
            t.start();
        }
    }

    /** A named task class: its threads' site comes from their stacks. */
    static final class Parker implements Runnable {
        @Override
        public void run() {
            park();
        }
    }

    /** Parks with the smallest stack: 200,000 parked virtual threads keep their stacks on the heap. */
    private static void park() {
        while (true) {
            LockSupport.park();
        }
    }
}
