package io.threadstorm.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The heap proof's cost figures (docs/heap-proof.md): fills the heap with about {@code mb} MB of live objects in a
 * mix like an application's (maps of boxed keys to short strings and small arrays, 60 bytes an object on average),
 * leaves {@code threads} threads waiting on latches nobody keeps, then takes the live heap dump the agent takes
 * ({@code HotSpotDiagnosticMXBean.dumpHeap}, live) and prints its pause, the used heap, the object count and the
 * file's size. The analysis is timed apart: {@code /usr/bin/time -v java -Xmx512m -jar threadstorm-agent.jar analyze
 * --heap <file> --json}.
 *
 * <p>Arguments: {@code mb threads dump.hprof}.
 */
public final class HeapProofCost {

    /** Held so that the filler stays live. */
    static final List<Map<Integer, Object>> HELD = new ArrayList<>();

    private HeapProofCost() {
    }

    public static void main(String[] args) throws Exception {
        long mb = Long.parseLong(args[0]);
        int threads = Integer.parseInt(args[1]);
        Path dump = Path.of(args[2]);
        long objects = 0;
        long target = mb << 20;
        while (used() < target) {
            Map<Integer, Object> m = new HashMap<>();
            for (int i = 0; i < 10_000; i++) {
                m.put(i, (i & 1) == 0 ? "value-" + i : new long[] {i, i + 1L});
            }
            objects += 10_000 * 4L;
            HELD.add(m);
        }
        for (int i = 0; i < threads; i++) {
            CountDownLatch never = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "leaked-" + i);
            t.setDaemon(true);
            t.start();
        }
        Thread.sleep(500);
        Files.deleteIfExists(dump);
        long start = System.nanoTime();
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);
        long pause = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(Locale.ROOT, "used %d MB, about %d filler objects, dump %d MB, dump pause %d ms%n",
                used() >> 20, objects, Files.size(dump) >> 20, pause);
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
