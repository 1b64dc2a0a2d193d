package io.threadstorm.core;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Keeps the agent from being the one that runs the heap out: before each sample it compares the heap's headroom with
 * what the sample will allocate (the threads it will see times the bytes per thread the previous sample allocated,
 * measured on the sampler's own thread), and limits a sample to the threads a quarter of what is left can take,
 * saying so once each time; with no room at all sampling pauses. The application's threads come first.
 *
 * <p>The heap in use is read as the old generation now plus the young generation after its last collection (young
 * objects are mostly garbage), so that a full eden does not pause sampling. Created and called on the sampler thread.
 */
final class MemoryGuard {

    /** A sample may take at most this share of the headroom. */
    static final int SHARE = 4;
    /** Bytes per thread assumed of the first sample, before one was measured. */
    static final long FIRST_BYTES_PER_THREAD = 256;
    /** The least a sample is assumed to cost, whatever the threads. */
    static final long MIN_SAMPLE_BYTES = 256 << 10;

    private final List<MemoryPoolMXBean> pools;
    private final long max;
    private final com.sun.management.ThreadMXBean allocations;
    private final Consumer<String> say;
    private long lastSampleBytes = -1;
    private long bytesPerThread = FIRST_BYTES_PER_THREAD;
    private long threads;
    private boolean limited;
    private long pauses;

    /** {@code say}: where the one line per pause goes. */
    MemoryGuard(Consumer<String> say) {
        this.say = say;
        this.pools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
        this.max = Runtime.getRuntime().maxMemory();
        this.allocations = ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled() ? t : null;
    }

    /** The heap still free for new objects, as far as the JVM tells; {@code Long.MAX_VALUE} when it does not. */
    long headroom() {
        if (max == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long used = 0;
        for (MemoryPoolMXBean p : pools) {
            MemoryUsage u = young(p) ? p.getCollectionUsage() : p.getUsage();
            if (u == null) {
                u = p.getUsage();
            }
            used += u == null ? 0 : u.getUsed();
        }
        return Math.max(0, max - used);
    }

    /**
     * The threads the next sample may see: as many as its share of the heap's headroom can take (more than
     * {@code threads} while there is room: threads started during the sample are bounded too; {@code Long.MAX_VALUE}
     * when the heap has no limit), 0 when it has not even room for a small sample (then sampling pauses). Says once
     * when samples become limited to fewer than {@code threads}, and once when they are whole again.
     */
    long allowance(long threads) {
        this.threads = threads;
        long free = headroom();
        if (free == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        long spare = free / SHARE - MIN_SAMPLE_BYTES;
        long affordable = spare <= 0 ? 0 : spare / bytesPerThread;
        if (affordable >= threads) {
            if (limited) {
                limited = false;
                say.accept("heap has room again: samples see every thread");
            }
            return affordable;
        }
        if (!limited) {
            limited = true;
            pauses++;
            say.accept(String.format(Locale.ROOT, "heap nearly full (%d MB free of %d MB): samples see at most %d of"
                    + " about %d threads (%d bytes each) until there is room%s", free >> 20, max >> 20, affordable,
                    threads, bytesPerThread, affordable == 0 ? "; sampling paused" : ""));
        }
        this.threads = Math.min(threads, affordable);
        return affordable;
    }

    /** True when a sample of a few threads would still fit in its share of the heap's headroom. */
    boolean roomForASample() {
        long free = headroom();
        return free == Long.MAX_VALUE || free / SHARE > MIN_SAMPLE_BYTES;
    }

    /** Runs one sample and remembers what it allocated on this thread. */
    void measure(Runnable sample) {
        long before = allocated();
        try {
            sample.run();
        } finally {
            long after = allocated();
            if (before >= 0 && after >= before) {
                lastSampleBytes = after - before;
                bytesPerThread = Math.max(1, lastSampleBytes / Math.max(1, threads));
            }
        }
    }

    /** Bytes the last sample allocated (measured; -1 before the first). */
    long lastSampleBytes() {
        return lastSampleBytes;
    }

    /** Bytes per thread the last sample allocated ({@value #FIRST_BYTES_PER_THREAD} before the first). */
    long bytesPerThread() {
        return bytesPerThread;
    }

    /** True while samples are limited. */
    boolean limited() {
        return limited;
    }

    /** Times samples became limited so far. */
    long pauses() {
        return pauses;
    }

    private long allocated() {
        try {
            return allocations == null ? -1 : allocations.getCurrentThreadAllocatedBytes();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static boolean young(MemoryPoolMXBean p) {
        String name = p.getName().toLowerCase(Locale.ROOT);
        return name.contains("eden") || name.contains("survivor") || name.contains("nursery");
    }
}
