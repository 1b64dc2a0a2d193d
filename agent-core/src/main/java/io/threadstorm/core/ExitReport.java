package io.threadstorm.core;

import io.threadstorm.bootstrap.Recorder;
import io.threadstorm.report.Report;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Bounds the time the exit report adds to the JVM's exit ({@code exitReportTimeout}): the full report (a fresh,
 * thorough sample) is built on a helper thread while the exit hook waits at most the bound; when it is not ready by
 * then, the hook writes a report from the last periodic sample instead, whose verdict says that the exit report was
 * cut short. The helper is a daemon and only reads: when the JVM halts under it, nothing is left half-written.
 */
final class ExitReport {

    private volatile Report built;
    private volatile Throwable failed;

    private ExitReport() {
    }

    /**
     * The report to write at exit: {@code full}'s when it is ready within {@code timeoutMillis}, else
     * {@code cutShort}'s (which may be {@code null}: none), given the sentence that says why. Interrupts of the
     * waiting thread are ignored.
     */
    static Report within(long timeoutMillis, Callable<Report> full, Function<String, Report> cutShort) {
        ExitReport exit = new ExitReport();
        Thread worker = new Thread(() -> {
            try {
                exit.built = full.call();
            } catch (Throwable t) {
                exit.failed = t;
            }
        }, "threadstorm-exit-report");
        worker.setDaemon(true);
        Recorder.startUntracked(worker);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (worker.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                worker.join(Math.max(1, left / 1_000_000L));
            } catch (InterruptedException e) {
                // the application interrupts every thread it sees: the exit report still gets its time
            }
        }
        Thread.interrupted();
        Report report = exit.built;
        if (report != null) {
            return report;
        }
        Throwable t = exit.failed;
        return cutShort.apply(t != null
                ? "Exit report from the last sample: the fresh one failed (" + t + ")."
                : String.format(Locale.ROOT, "Exit report cut short after %d ms (exitReportTimeout): from the last"
                        + " sample.", timeoutMillis));
    }

    /** {@code report} with {@code note} before its verdict. */
    static Report noted(Report report, String note) {
        return verdict(report, note + " " + report.summary().verdict());
    }

    /** {@code report} with the verdict {@code verdict}. */
    static Report verdict(Report report, String verdict) {
        Report.Summary s = report.summary();
        return new Report(report.schema(), report.trigger(), report.createdAt(), report.jvm(),
                new Report.Summary(s.liveThreads(), s.virtualThreads(), s.baseline(), s.filteredSystemThreads(),
                        verdict), report.suspects(), report.aliveAtExit());
    }
}
