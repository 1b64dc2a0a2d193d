package io.threadstorm.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;

/**
 * The sampler row's process, run with the agent ({@code interval=1h}, so the background sampler stays out of
 * the way). Parks platform threads started from one site, in steps (1,000 then 10,000), and at each step
 * times, in turn: the agent's {@code Sampler.sample()} (reached by reflection), the MBean's {@code report()}
 * (sample, classification, report file), and, as references in the same JVM,
 * {@code ThreadMXBean.dumpAllThreads(false, false)} and {@code findDeadlockedThreads()} (one part of a sample).
 * Prints one {@code RESULT} line per step and measure.
 *
 * <p>Arguments: {@code counts reps} such as {@code 1000,10000,v100000 9}; a count written {@code vN} parks {@code N}
 * virtual threads (JDK 21+) on top of the platform threads already parked.
 */
public final class SamplerProbe {

    private static final int WARMUP = 2;

    private SamplerProbe() {
    }

    public static void main(String[] args) throws Exception {
        String[] counts = args[0].split(",");
        int reps = Integer.parseInt(args[1]);
        ObjectName name = AgentMBeans.await(15_000);
        AgentMBeans.DirectSampler direct = null;
        try {
            direct = AgentMBeans.DirectSampler.find();
        } catch (Exception | LinkageError e) {
            System.out.println("NOTE no direct access to Sampler.sample(): " + e);
        }
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> parked = new ArrayList<>();
        List<Thread> virtual = new ArrayList<>();
        int platform = 0;
        for (String step : counts) {
            int n;
            if (step.startsWith("v")) {
                int v = Integer.parseInt(step.substring(1));
                if (!HotPath.virtualThreads()) {
                    System.out.println("NOTE no virtual threads on JDK " + Runtime.version().feature() + ": " + step
                            + " skipped");
                    continue;
                }
                startParkedVirtual(virtual, v, release);
                awaitParked(virtual);
                n = platform + v;
            } else {
                n = platform = Integer.parseInt(step);
                startParked(parked, n, release);
                awaitParked(parked);
            }
            System.gc();
            Thread.sleep(200);
            List<String> measures = new ArrayList<>();
            List<long[]> times = new ArrayList<>();
            if (direct != null) {
                measures.add("sample");
            }
            measures.add("report");
            measures.add("dumpAllThreads");
            measures.add("findDeadlocked");
            for (int i = 0; i < measures.size(); i++) {
                times.add(new long[WARMUP + reps]);
            }
            for (int r = 0; r < WARMUP + reps; r++) {
                int m = 0;
                if (direct != null) {
                    long t0 = System.nanoTime();
                    direct.sample();
                    times.get(m++)[r] = System.nanoTime() - t0;
                }
                long t0 = System.nanoTime();
                AgentMBeans.invoke(name, "report");
                times.get(m++)[r] = System.nanoTime() - t0;
                t0 = System.nanoTime();
                tmx.dumpAllThreads(false, false);
                times.get(m++)[r] = System.nanoTime() - t0;
                t0 = System.nanoTime();
                tmx.findDeadlockedThreads();
                times.get(m++)[r] = System.nanoTime() - t0;
            }
            for (int i = 0; i < measures.size(); i++) {
                long[] all = times.get(i);
                long first = all[0];
                long[] warm = Arrays.copyOfRange(all, WARMUP, all.length);
                Arrays.sort(warm);
                System.out.println(String.format(Locale.ROOT,
                        "RESULT threads=%d virtual=%d live=%d measure=%s first=%.3f median=%.3f min=%.3f max=%.3f",
                        n, virtual.size(), tmx.getThreadCount(), measures.get(i), ms(first), ms(warm[warm.length / 2]),
                        ms(warm[0]), ms(warm[warm.length - 1])));
            }
        }
        release.countDown();
        for (Thread t : parked) {
            t.join();
        }
        for (Thread t : virtual) {
            t.join();
        }
    }

    /** One site too: virtual threads, started by this line. */
    private static void startParkedVirtual(List<Thread> parked, int upTo, CountDownLatch release) throws Exception {
        while (parked.size() < upTo) {
            try {
                Runnable task = () -> awaitQuietly(release);
                parked.add((Thread) HotPath.START_VIRTUAL.invokeExact(task)); // started where the task is written
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** One site: every thread is started by this line, whatever the step. */
    private static void startParked(List<Thread> parked, int upTo, CountDownLatch release) {
        while (parked.size() < upTo) {
            Thread t = new Thread(() -> awaitQuietly(release), "parked-" + parked.size());
            t.setDaemon(true);
            t.start();
            parked.add(t);
        }
    }

    private static void awaitParked(List<Thread> parked) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (Thread t : parked) {
            while (t.getState() != Thread.State.WAITING) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException(t + " is " + t.getState() + " after 60 s");
                }
                Thread.sleep(1);
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
