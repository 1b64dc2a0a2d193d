package io.threadstorm.record;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every live thread but the agent's own, with what the agent recorded of it: platform threads first (from the JVM),
 * then the virtual threads the agent tracks. Names, states and stacks are read as {@link SafeThreads} reads them, so
 * an application's {@code Thread} subclass cannot spoil the list. One listing for the snapshot and the text view.
 */
public final class ThreadListing {

    /** One live thread; {@code tracked} is {@code null} for a thread started before the agent. */
    public record Listed(long id, String name, Thread.State state, boolean daemon, boolean virtual,
                         StackTraceElement[] stack, TrackedThread tracked) {
    }

    private ThreadListing() {
    }

    /** Sweeps the tracker's live threads, then lists every thread; a start found by the sweep is never later. */
    public static List<Listed> all(Tracker tracker) {
        Map<Long, TrackedThread> tracked = new HashMap<>();
        List<TrackedThread> virtual = new ArrayList<>();
        tracker.live().sweep(t -> {
            tracked.put(t.id(), t);
            if (t.site().kind() == Site.Kind.VIRTUAL) {
                virtual.add(t);
            }
        });
        List<Listed> out = new ArrayList<>();
        ThreadInfo[] infos;
        try {
            infos = ManagementFactory.getThreadMXBean().dumpAllThreads(false, false);
        } catch (RuntimeException e) {
            infos = null; // JDK 17 calls each thread's getId(), which a subclass may override to throw
        }
        if (infos != null) {
            for (ThreadInfo info : infos) {
                if (!info.getThreadName().startsWith("threadstorm-")) {
                    out.add(new Listed(info.getThreadId(), SafeThreads.text(info.getThreadName()),
                            info.getThreadState(), info.isDaemon(), false, info.getStackTrace(),
                            tracked.get(info.getThreadId())));
                }
            }
        } else {
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                Thread thread = e.getKey();
                if (!thread.getName().startsWith("threadstorm-")) {
                    long id = SafeThreads.id(thread);
                    out.add(new Listed(id, SafeThreads.name(thread), SafeThreads.state(thread), thread.isDaemon(),
                            false, e.getValue(), tracked.get(id)));
                }
            }
        }
        for (TrackedThread t : virtual) {
            Thread thread = t.get();
            if (thread.isAlive()) {
                out.add(new Listed(t.id(), SafeThreads.name(thread), SafeThreads.state(thread), true, true,
                        SafeThreads.stack(thread), t));
            }
        }
        return out;
    }
}
