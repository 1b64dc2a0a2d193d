package io.threadstorm.it.apps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Timer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * Starts threads every way there is from known lines (marked {@code // site:<name>}), then exits while they are
 * alive so the exit snapshot shows each with its creation site. Run by CaptureIT in a forked JVM.
 */
public final class CaptureApp {

    private static final CountDownLatch HOLD = new CountDownLatch(1);

    private CaptureApp() {
    }

    private static void hold() {
        try {
            HOLD.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws Throwable {
        Thread platform = new Thread(CaptureApp::hold, "cap-platform");
        platform.setDaemon(true);
        platform.start(); // site:platform

        ExecutorService pool = Executors.newFixedThreadPool(1, r -> { // site:creation-of-pool
            Thread t = new Thread(r, "cap-pool");
            t.setDaemon(true);
            return t;
        });
        pool.submit(CaptureApp::hold); // site:pool

        // core and extra workers start from different lines of ThreadPoolExecutor.execute: still one site
        java.util.concurrent.ThreadPoolExecutor growing = new java.util.concurrent.ThreadPoolExecutor(1, 3, 1,
                TimeUnit.MINUTES, new java.util.concurrent.SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "cap-grow");
                    t.setDaemon(true);
                    return t;
                });
        for (int i = 0; i < 3; i++) {
            growing.execute(CaptureApp::hold); // site:grow
        }

        Timer timer = new Timer("cap-timer", true); // site:timer

        ForkJoinPool fjp = new ForkJoinPool(1);
        fjp.submit(CaptureApp::hold); // site:fjp

        // one method reference, one class: after the first start its class tells the site, without a walk
        for (int i = 0; i < 40; i++) {
            Thread same = new Thread(CaptureApp::hold, "cap-same-" + i);
            same.setDaemon(true);
            same.start(); // site:same
        }

        for (int i = 0; i < 5; i++) {
            Thread shortLived = new Thread(() -> { }, "cap-short-" + i);
            shortLived.start(); // site:short
            shortLived.join();
        }

        if (Runtime.version().feature() >= 21) {
            virtualThreads();
        }
        System.out.println("started " + timer + " " + fjp.getParallelism());
        TimeUnit.MILLISECONDS.sleep(200);
        System.exit(0);
    }

    /** Thread.ofVirtual() and the per-task executor, through method handles: this class compiles for Java 17. */
    private static void virtualThreads() throws Throwable {
        var lookup = MethodHandles.publicLookup();
        Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
        Class<?> ofVirtualClass = Class.forName("java.lang.Thread$Builder$OfVirtual");
        Object builder = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualClass))
                .invoke();
        builder = lookup.findVirtual(ofVirtualClass, "name", MethodType.methodType(ofVirtualClass, String.class))
                .invoke(builder, "cap-virtual");
        var start = lookup.findVirtual(builderClass, "start", MethodType.methodType(Thread.class, Runnable.class));
        Runnable holder = CaptureApp::hold;
        Thread virtual = (Thread) start.invoke(builder, holder); // site:virtual
        ExecutorService perTask = (ExecutorService) lookup.findStatic(Executors.class, "newVirtualThreadPerTaskExecutor",
                MethodType.methodType(ExecutorService.class)).invoke();
        perTask.submit(CaptureApp::hold); // site:vexec
        // the per-task executor wraps each task (submit: a future around an adapter; execute: a runner): from the
        // second start on, the site comes from the cache of the task's class found inside the wrappers
        for (int i = 0; i < 4; i++) {
            perTask.submit(CaptureApp::hold); // site:vexec-submit
            perTask.execute(CaptureApp::hold); // site:vexec-execute
        }
        System.out.println("virtual " + virtual.getName());
    }
}
