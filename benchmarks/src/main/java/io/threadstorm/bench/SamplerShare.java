package io.threadstorm.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * What the sampler costs a running service: parks {@code N} platform threads from one site, then, with the agent at
 * its default interval, reads the CPU time of the agent's {@code threadstorm-sampler} thread over {@code S} seconds
 * and prints its share of one core ({@code RESULT threads=N seconds=S cpuMs=.. share=..}). Arguments: {@code N S}.
 */
public final class SamplerShare {

    private SamplerShare() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> parked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "parked-" + i);
            t.setDaemon(true);
            t.start();
            parked.add(t);
        }
        Thread sampler = null;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("threadstorm-sampler")) {
                sampler = t;
            }
        }
        if (sampler == null) {
            throw new IllegalStateException("no threadstorm-sampler thread: run with the agent");
        }
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        @SuppressWarnings("deprecation") // getId: threadId() is JDK 19+
        long id = sampler.getId();
        Thread.sleep(2_000); // past the first sample, which loads the report writers
        long cpu0 = tmx.getThreadCpuTime(id);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long cpu = tmx.getThreadCpuTime(id) - cpu0;
        long wall = System.nanoTime() - t0;
        System.out.println(String.format(Locale.ROOT, "RESULT threads=%d seconds=%d cpuMs=%.1f share=%.4f", n,
                seconds, cpu / 1e6, cpu / (double) wall));
        release.countDown();
    }
}
