package io.threadstorm.classify;

import java.util.List;

/**
 * What the agent knows about a site beyond the sampled threads: filled from the agent's own tracking
 * (or left empty when analyzing a thread dump taken without the agent).
 *
 * @param kind               {@code platform}, {@code virtual}, {@code executor} (pool workers), {@code timer}; or
 *                           {@code dump} for a group built from a thread dump
 * @param frame              the site's creation frame, or {@code null} when unknown
 * @param live               live threads of the site
 * @param poolsCreated       distinct executors whose worker threads belong to this site (0 when not a pool site)
 * @param poolsShutDown      how many of those were shut down
 * @param poolCreationFrame  where those executors were created ({@code StackTraceElement.toString()}), or {@code null}
 * @param timersCreated      distinct {@code java.util.Timer}s whose threads belong to this site
 * @param timersCancelled    how many of those were cancelled
 * @param futureCreationFrame where the futures the threads wait for were created (when sampled), or {@code null}
 * @param futuresPending     of the futures created there (sampled), how many are still not done; {@code -1} unknown
 * @param deadlocks          deadlock cycles that involve at least one thread of the site
 * @param libraryCall        the library method the application called at {@code frame} that started the threads
 *                           ({@code org.quartz.impl.StdSchedulerFactory.getScheduler}), or {@code null} when the
 *                           application started them itself or it is unknown
 */
public record SiteFacts(String kind, String frame, int live, int poolsCreated, int poolsShutDown,
                        String poolCreationFrame, int timersCreated, int timersCancelled,
                        String futureCreationFrame, int futuresPending, List<DeadlockCycle> deadlocks,
                        String libraryCall) {

    public SiteFacts {
        deadlocks = deadlocks == null ? List.of() : List.copyOf(deadlocks);
    }

    /** Facts without a library call. */
    public SiteFacts(String kind, String frame, int live, int poolsCreated, int poolsShutDown,
                     String poolCreationFrame, int timersCreated, int timersCancelled, String futureCreationFrame,
                     int futuresPending, List<DeadlockCycle> deadlocks) {
        this(kind, frame, live, poolsCreated, poolsShutDown, poolCreationFrame, timersCreated, timersCancelled,
                futureCreationFrame, futuresPending, deadlocks, null);
    }

    /** The library call's short form, {@code AbstractLifeCycle.start}, or {@code null}. */
    public String libraryCallShort() {
        if (libraryCall == null) {
            return null;
        }
        int method = libraryCall.lastIndexOf('.');
        int type = libraryCall.lastIndexOf('.', method - 1);
        return libraryCall.substring(type + 1);
    }

    /** Facts for a group of threads about which nothing but their samples is known. */
    public static SiteFacts unknown(String kind, String frame, int live) {
        return new SiteFacts(kind, frame, live, 0, 0, null, 0, 0, null, -1, List.of());
    }
}
