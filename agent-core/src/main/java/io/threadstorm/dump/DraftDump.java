package io.threadstorm.dump;

import io.threadstorm.classify.DeadlockCycle;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** A dump while it is being read; {@link #build} ties waits to owners and finds the deadlocks. */
final class DraftDump {

    DumpFormat format;
    long pid = -1;
    LocalDateTime takenAt;
    String jvmVersion;
    final List<ThreadDraft> threads = new ArrayList<>();
    /** The VM's own deadlock report ({@code Thread.print} only), or {@code null}. */
    DeadlockSection deadlockSection;
    int skippedLines;

    ThreadDump build() {
        if (deadlockSection != null) {
            deadlockSection.nameOwners(threads);
        }
        WaitGraph graph = WaitGraph.resolve(threads);
        List<DeadlockCycle> deadlocks;
        if (format == DumpFormat.THREAD_PRINT) {
            // the VM checks for deadlocks whenever it prints this format and reports them in its own section
            deadlocks = deadlockSection == null ? List.of() : deadlockSection.cycles(threads);
        } else {
            deadlocks = graph.cycles();
        }
        return new ThreadDump(format, pid, takenAt, jvmVersion, threads.stream().map(ThreadDraft::build).toList(),
                deadlocks, skippedLines);
    }
}
