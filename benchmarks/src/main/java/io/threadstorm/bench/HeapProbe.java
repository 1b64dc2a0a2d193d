package io.threadstorm.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;

/**
 * The heap row's process, run once without and once with the agent: used heap after full GCs (the least of
 * several readings) before and after starting {@code count} threads that all park on one latch. The agent's
 * cost per live tracked thread is the difference of the two processes' growths divided by the count. As the
 * size of a parked virtual thread's stack chunk depends on which of its frames were compiled when it parked
 * (timing the agent changes), the probe also prints per-class growth from class histograms taken before and
 * after ({@code HDELTA instances bytes class}), so the runner can compare class by class.
 *
 * <p>Arguments: {@code virtual|platform count}.
 */
public final class HeapProbe {

    private static final int READINGS = 5;

    private HeapProbe() {
    }

    public static void main(String[] args) throws Throwable {
        boolean virtual = args[0].equals("virtual");
        int count = Integer.parseInt(args[1]);
        if (virtual && !HotPath.virtualThreads()) {
            throw new IllegalStateException("virtual threads need JDK 21+");
        }
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch release = new CountDownLatch(1);
        Runnable task = () -> {
            ready.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Thread[] threads = new Thread[count];
        // let the JIT and the agent's first background sample (at 5 s, the default interval) pass, so that
        // neither lands between the two readings; then take the baseline
        Thread.sleep(5500);
        java.util.Map<String, long[]> histoBefore = histogram();
        long before = usedAfterGc();
        for (int i = 0; i < count; i++) {
            if (virtual) {
                threads[i] = HotPath.startVirtual(task);
            } else {
                Thread t = new Thread(task);
                t.setDaemon(true);
                t.start();
                threads[i] = t;
            }
        }
        if (!ready.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("threads did not start in 120 s");
        }
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
        }
        // and one more background sample: on JDK 21+ the agent counts most virtual starts without a record and its
        // sample finds those threads in the JDK's containers, keeping a record for each from then on
        Thread.sleep(5500);
        long after = usedAfterGc();
        System.out.println(String.format(Locale.ROOT, "RESULT mode=%s count=%d before=%d after=%d delta=%d perThread=%.1f",
                args[0], count, before, after, after - before, (after - before) / (double) count));
        printDelta(histoBefore, histogram());
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long min = Long.MAX_VALUE;
        for (int i = 0; i < READINGS; i++) {
            System.gc();
            System.gc();
            Thread.sleep(100);
            min = Math.min(min, memory.getHeapMemoryUsage().getUsed());
        }
        return min;
    }

    /** Live objects per class (the diagnostic command runs a full GC first): class → {instances, bytes}. */
    static java.util.Map<String, long[]> histogram() throws Exception {
        String h = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        java.util.Map<String, long[]> out = new java.util.HashMap<>();
        for (String line : h.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[0].endsWith(":")) {
                continue;
            }
            // hidden classes (lambdas) carry an address in their name: keep the stable part
            String name = f[3].replaceAll("/0x[0-9a-f]+", "");
            long[] v = out.computeIfAbsent(name, k -> new long[2]);
            v[0] += Long.parseLong(f[1]);
            v[1] += Long.parseLong(f[2]);
        }
        return out;
    }

    /** Prints the classes whose live bytes changed by at least a kilobyte between the two histograms. */
    static void printDelta(java.util.Map<String, long[]> before, java.util.Map<String, long[]> after) {
        java.util.Set<String> names = new java.util.TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String n : names) {
            long[] b = before.getOrDefault(n, new long[2]);
            long[] a = after.getOrDefault(n, new long[2]);
            if (Math.abs(a[1] - b[1]) >= 1024) {
                System.out.println("HDELTA " + (a[0] - b[0]) + " " + (a[1] - b[1]) + " " + n);
            }
        }
    }
}
