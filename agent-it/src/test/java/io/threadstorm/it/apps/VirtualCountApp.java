package io.threadstorm.it.apps;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Thousands of virtual threads from three lines: parked ones started directly and by a per-task executor, and
 * short-lived ones that end at once. Most of these starts are counted without a record (the task's class tells the
 * site), so the counts in the exit snapshot show that the agent finds those threads in the JDK's containers and
 * forgets the ended ones. JDK 21+; the JDK 21 calls go through method handles, as this compiles for 17.
 */
public final class VirtualCountApp {

    static final int PARKED = 3000;
    static final int BY_EXECUTOR = 2000;
    static final int SHORT = 2000;

    private static final CountDownLatch HOLD = new CountDownLatch(1);

    private VirtualCountApp() {
    }

    public static void main(String[] args) throws Throwable {
        MethodHandle start = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                MethodType.methodType(Thread.class, Runnable.class));
        // made first thing, started once the agent's own thread has long opened the JDK internals and another
        // thread has taught it the task's class: counted without a record, it must still be found live
        Runnable late = VirtualCountApp::hold;
        Class<?> builder = Class.forName("java.lang.Thread$Builder");
        Object ofVirtual = MethodHandles.publicLookup().findStatic(Thread.class, "ofVirtual",
                MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual"))).invoke();
        Thread early = (Thread) MethodHandles.publicLookup().findVirtual(builder, "unstarted",
                MethodType.methodType(Thread.class, Runnable.class)).invoke(ofVirtual, late);
        TimeUnit.MILLISECONDS.sleep(1500);
        Thread teacher = (Thread) start.invoke(late); // site:late
        early.start(); // site:early
        for (int i = 0; i < PARKED; i++) {
            Thread t = (Thread) start.invoke((Runnable) VirtualCountApp::hold); // site:parked
        }
        ExecutorService perTask = (ExecutorService) MethodHandles.publicLookup().findStatic(Executors.class,
                "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class)).invoke();
        for (int i = 0; i < BY_EXECUTOR; i++) {
            perTask.submit(VirtualCountApp::hold); // site:executor
        }
        for (int i = 0; i < SHORT; i++) {
            Thread t = (Thread) start.invoke((Runnable) () -> { }); // site:short
            t.join();
        }
        // a few sweeps (interval=100ms), so that the adopted threads keep their first-seen time across them
        TimeUnit.MILLISECONDS.sleep(600);
        System.out.println("started " + (PARKED + BY_EXECUTOR + SHORT));
        System.exit(0); // the parked threads are still parked: the exit snapshot lists them
    }

    private static void hold() {
        try {
            HOLD.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
