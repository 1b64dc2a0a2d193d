package io.threadstorm.it;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The spin example of {@link LeakIT}, run alone: its threads take every core by design, and beside another forked
 * JVM on a two-core machine they starved that JVM's sampler and their own alike, which tells nothing about either.
 */
@Isolated
class BusySpinIT {

    @TempDir
    Path dir;

    @Test
    void aSpinningLoopIsReportedAtItsLine() throws Exception {
        LeakIT.assertReportedAtItsLine(dir, "spin.LeakyJournalFlusher", "BUSY_SPIN");
    }
}
