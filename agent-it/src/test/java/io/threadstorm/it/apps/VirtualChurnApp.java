package io.threadstorm.it.apps;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.locks.LockSupport;

/**
 * A busy server's churn of short virtual threads (batches of 1,000 started and joined, as fast as one platform thread
 * can) beside a slow leak of parked virtual threads (one every 50 ms, from one line), for {@code args[0]} ms. JDK
 * 21+; the JDK 21 call goes through a method handle, as this compiles for 17.
 */
public final class VirtualChurnApp {

    private VirtualChurnApp() {
    }

    public static void main(String[] args) throws Throwable {
        MethodHandle start = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                MethodType.methodType(Thread.class, Runnable.class));
        long end = System.currentTimeMillis() + Long.parseLong(args[0]);
        Thread churn = new Thread(() -> {
            Thread[] batch = new Thread[1000];
            try {
                while (true) {
                    for (int i = 0; i < batch.length; i++) {
                        batch[i] = (Thread) start.invoke((Runnable) () -> { }); // site:churn
                    }
                    for (Thread t : batch) {
                        t.join();
                    }
                }
            } catch (Throwable stop) {
                // the JVM exits
            }
        }, "churner");
        churn.setDaemon(true);
        churn.start();
        while (System.currentTimeMillis() < end) {
            Thread t = (Thread) start.invoke((Runnable) LockSupport::park); // site:leak
            Thread.sleep(50);
        }
        System.out.println("done");
    }
}
