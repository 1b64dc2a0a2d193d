package io.threadstorm.examples.spin;

import io.threadstorm.examples.Workload;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The same journal and the same batches with an oversized record as {@link LeakyJournalFlusher}, but
 * the writer always seals the segment in {@code finally} (marking it failed when a record was
 * rejected), and the flusher spins for at most a millisecond before it parks between checks.
 */
public class FixedJournalFlusher {

    static final int MAX_RECORD = 64;

    static final class Segment {
        final StringBuilder records = new StringBuilder();
        volatile boolean failed;
        volatile boolean sealed;
    }

    void write(List<String> batch, int batchId) {
        Segment segment = new Segment();
        Thread flusher = new Thread(() -> {
            long spinUntil = System.nanoTime() + 1_000_000;
            while (!segment.sealed) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(100_000);
                }
            }
            if (!segment.failed) {
                flush(segment);
            }
        }, "journal-flush-" + batchId);
        flusher.start();
        try {
            for (String record : batch) {
                if (record.length() > MAX_RECORD) {
                    throw new IllegalArgumentException("record too large: " + record.length() + " bytes");
                }
                segment.records.append(record).append('\n');
            }
        } catch (IllegalArgumentException e) {
            segment.failed = true;
            System.err.println("batch " + batchId + " rejected: " + e.getMessage());
        } finally {
            segment.sealed = true;
        }
    }

    static void flush(Segment segment) {
        segment.records.setLength(0);
    }

    public static void main(String[] args) {
        FixedJournalFlusher journal = new FixedJournalFlusher();
        Workload.parse(args).withMaxRate(2).run(12, n -> journal.write(
                List.of("put k" + n + "=v", "put k" + n + "=" + "x".repeat(100), "commit"), n));
    }
}
