package io.threadstorm.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A creation site: one distinct stack from which threads were started (or executors, timers, futures created).
 * Sites are interned by their 64-bit stack hash, so ten thousand threads from one line cost one site.
 * A thread site keeps its live threads in a lock-free list: starts push at the head, and only the sampler
 * ({@link #sweep}) removes ended threads.
 */
public final class Site {

    /** What a site counts. */
    public enum Kind {
        PLATFORM("platform", true), VIRTUAL("virtual", true), EXECUTOR_WORKER("executor", true),
        TIMER_THREAD("timer", true), EXECUTOR("executor", false), TIMER("timer", false), FUTURE("future", false);

        private final String label;
        private final boolean threads;

        Kind(String label, boolean threads) {
            this.label = label;
            this.threads = threads;
        }

        /** The name the report and snapshot use. */
        public String label() {
            return label;
        }

        /** True when the site's items are threads, false for executors, timers and futures. */
        public boolean threads() {
            return threads;
        }
    }

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(Site.class, "head", TrackedThread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    private final Kind kind;
    private final String frame;
    private final List<StackTraceElement> stack;
    private final LongAdder started = new LongAdder();
    private volatile long ended;
    @SuppressWarnings("unused") // through HEAD
    private volatile TrackedThread head;

    Site(long id, Kind kind, String frame, List<StackTraceElement> stack) {
        this.id = id;
        this.kind = kind;
        this.frame = frame;
        this.stack = List.copyOf(stack);
    }

    /** 64-bit hash of the creation stack (with the kind mixed in). */
    public long id() {
        return id;
    }

    /** The id as the reports print it: 16 hex digits. */
    public String idText() {
        return String.format("%016x", id);
    }

    public Kind kind() {
        return kind;
    }

    /** The first application frame, as {@code StackTraceElement.toString()}. */
    public String frame() {
        return frame;
    }

    /** The creation stack from the start call downwards. */
    public List<StackTraceElement> stack() {
        return stack;
    }

    public long started() {
        return started.sum();
    }

    public long ended() {
        return ended;
    }

    /** Started and not yet seen ended; for thread sites exact as of the last sweep. */
    public long live() {
        return Math.max(0, started.sum() - ended);
    }

    void countStart() {
        started.increment();
    }

    /** Counts items that ended; for object sites the registry calls it on shutdown, cancel or completion. */
    synchronized void countEnd(long n) {
        ended += n;
    }

    void push(TrackedThread t) {
        countStart();
        TrackedThread h;
        do {
            h = head;
            t.next = h;
        } while (!HEAD.compareAndSet(this, h, t));
    }

    /**
     * Unlinks threads that ended (terminated or collected) and hands every live one to {@code live}.
     * Only one thread may sweep at a time; starts may push concurrently.
     */
    public synchronized void sweep(java.util.function.Consumer<TrackedThread> live) {
        long gone = 0;
        TrackedThread prev = null;
        TrackedThread node = head;
        while (node != null) {
            TrackedThread next = node.next;
            Thread t = node.get();
            if (t == null || t.getState() == Thread.State.TERMINATED) {
                gone++;
                if (prev == null) {
                    if (!HEAD.compareAndSet(this, node, next)) {
                        // a start pushed in front of us: find our predecessor from the new head
                        prev = head;
                        while (prev.next != node) {
                            prev = prev.next;
                        }
                        prev.next = next;
                    }
                } else {
                    prev.next = next;
                }
            } else {
                live.accept(node);
                prev = node;
            }
            node = next;
        }
        if (gone > 0) {
            ended += gone;
        }
    }

    @Override
    public String toString() {
        return kind.label() + " site " + idText() + " at " + frame;
    }
}
