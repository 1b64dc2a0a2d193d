package io.threadstorm.it.apps;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@code <count>} threads that park until the JVM exits, then calls {@code System.exit} and prints the
 * wall-clock millisecond just before it, so that the parent can measure how long the exit took. Arguments:
 * {@code <count> platform|virtual one|many [<holdMillis>]}: {@code many} starts each thread from a different stack
 * (a recursion as deep as its index modulo 500), so the threads fall into many creation sites. Virtual threads need
 * JDK 21+ and are started through a method handle, as this compiles for 17.
 */
public final class ManyThreadsApp {

    private static final CountDownLatch NEVER = new CountDownLatch(1);

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
            start(many ? i % 500 : 0, startVirtual);
        }
        System.out.println("started " + count);
        TimeUnit.MILLISECONDS.sleep(hold);
        System.out.println("exit at " + System.currentTimeMillis());
        System.out.flush();
        System.exit(0);
    }

    private static void start(int depth, MethodHandle startVirtual) throws Throwable {
        if (depth > 0) {
            start(depth - 1, startVirtual);
            return;
        }
        if (startVirtual != null) {
            Thread t = (Thread) startVirtual.invoke((Runnable) ManyThreadsApp::park);
        } else {
            Thread t = new Thread(ManyThreadsApp::park);
            t.setDaemon(true);
            t.start();
        }
    }

    private static void park() {
        while (true) {
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                // parked until the JVM exits
            }
        }
    }
}
