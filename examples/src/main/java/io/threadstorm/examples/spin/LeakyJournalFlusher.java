package io.threadstorm.examples.spin;

import io.threadstorm.examples.Workload;
import java.util.List;

/**
 * A low-latency journal: each batch is appended to a segment while a flusher thread busy-waits
 * ({@code Thread.onSpinWait()}) until the writer marks the segment sealed. An oversized record makes
 * the append throw before {@code sealed} is set, so that batch's flusher spins on a CPU forever.
 * {@link FixedJournalFlusher} seals in {@code finally} and parks after a short spin budget.
 * At most two batches per second and twelve batches in all: each leaked thread burns CPU.
 */
public class LeakyJournalFlusher {

    static final int MAX_RECORD = 64;

    static final class Segment {
        final StringBuilder records = new StringBuilder();
        volatile boolean sealed;
    }

    /** Called once per batch of journal records. */
    void write(List<String> batch, int batchId) {
        Segment segment = new Segment();
        Thread flusher = new Thread(() -> {
            while (!segment.sealed) {
                Thread.onSpinWait();
            }
            flush(segment);
        }, "journal-flush-" + batchId);
        flusher.start(); // threadstorm:leak-site
        try {
            for (String record : batch) {
                if (record.length() > MAX_RECORD) {
                    throw new IllegalArgumentException("record too large: " + record.length() + " bytes");
                }
                segment.records.append(record).append('\n');
            }
            segment.sealed = true; // never reached when a record is rejected
        } catch (IllegalArgumentException e) {
            System.err.println("batch " + batchId + " rejected: " + e.getMessage());
        }
    }

    static void flush(Segment segment) {
        segment.records.setLength(0); // would write and fsync the segment here
    }

    public static void main(String[] args) {
        LeakyJournalFlusher journal = new LeakyJournalFlusher();
        Workload.parse(args).withMaxRate(2).run(12, n -> journal.write(
                List.of("put k" + n + "=v", "put k" + n + "=" + "x".repeat(100), "commit"), n));
    }
}
