package io.threadstorm.dump;

import io.threadstorm.classify.DeadlockCycle;
import io.threadstorm.classify.ThreadSample;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A parsed thread dump.
 *
 * @param format       which format it was read from
 * @param pid          the process id when the dump names it ({@code jcmd}'s {@code 1234:} line, the
 *                     {@code Thread.dump_to_file} formats), else -1
 * @param takenAt      when it was taken, as the header writes it: the dumped machine's local wall-clock time for
 *                     {@link DumpFormat#THREAD_PRINT} (its header has no zone), UTC for the
 *                     {@code Thread.dump_to_file} formats (they write an instant); {@code null} when absent
 * @param jvmVersion   the JVM line ({@code OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode, sharing)}) or runtime
 *                     version ({@code 25.0.3+9-LTS}), or {@code null}
 * @param threads      the Java threads, platform and virtual, in dump order; VM-internal threads such as
 *                     {@code "GC Thread#0"} are left out
 * @param deadlocks    deadlock cycles: from the dump's "Found one Java-level deadlock" section for
 *                     {@link DumpFormat#THREAD_PRINT}; found by following "blocked on / held by" through the
 *                     threads for the other formats, which have no such section
 * @param skippedLines lines (or JSON thread entries and frames) that were not understood and were skipped
 */
public record ThreadDump(DumpFormat format, long pid, LocalDateTime takenAt, String jvmVersion,
                         List<DumpedThread> threads, List<DeadlockCycle> deadlocks, int skippedLines) {

    public ThreadDump {
        threads = List.copyOf(threads);
        deadlocks = deadlocks == null ? List.of() : List.copyOf(deadlocks);
    }

    /** The first thread with this exact name. */
    public Optional<DumpedThread> thread(String name) {
        return threads.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The thread with this id. */
    public Optional<DumpedThread> thread(long id) {
        return threads.stream().filter(t -> t.id() == id).findFirst();
    }

    /** Every thread as the classifier reads it. */
    public List<ThreadSample> samples() {
        return threads.stream().map(DumpedThread::toSample).toList();
    }
}
