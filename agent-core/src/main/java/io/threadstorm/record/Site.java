package io.threadstorm.record;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A creation site: one distinct stack from which threads were started (or executors, timers, futures created).
 * Sites are interned by their 64-bit stack hash, so ten thousand threads from one line cost one site.
 * A site only counts; the live threads themselves are in {@link LiveThreads}.
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

    private final long id;
    private final Kind kind;
    private final String frame;
    private final List<StackTraceElement> stack;
    private final LongAdder started = new LongAdder();
    /** Executors, timers and futures that ended; threads are not counted at their exits (see {@link #settle}). */
    private final LongAdder ended = new LongAdder();
    /** Threads that ended, as of the last sweep. */
    private volatile long threadsEnded;

    /** Index in {@link #stack} of the first application frame, or -1 (see {@link Frames#appIndex}). */
    private final int appIndex;

    Site(long id, Kind kind, String frame, List<StackTraceElement> stack) {
        this(id, kind, frame, stack, -1);
    }

    Site(long id, Kind kind, String frame, List<StackTraceElement> stack, int appIndex) {
        this.id = id;
        this.kind = kind;
        this.frame = frame;
        this.stack = List.copyOf(stack);
        this.appIndex = appIndex;
    }

    /** True when the creation stack holds an application frame: the site names a line of the application. */
    public boolean inApp() {
        return appIndex >= 0;
    }

    /**
     * True when the application frame of the stack is the first frame outside the JDK and the agent, in the class
     * (or a nested class of the class) {@code className} was written in: the application itself started the thread
     * with a task it wrote there, not a library on its behalf.
     */
    boolean startedByAppCodeOf(String className) {
        if (appIndex < 0) {
            return false;
        }
        for (int i = 0; i < appIndex; i++) {
            String cls = stack.get(i).getClassName();
            if (!Frames.isJdk(cls) && !Frames.isAgent(cls)) {
                return false; // a library frame between the start and the application
            }
        }
        return outer(stack.get(appIndex).getClassName()).equals(outer(className));
    }

    /**
     * The library method the application called that started the site's threads ({@code
     * org.eclipse.jetty.util.component.AbstractLifeCycle.start}): the frame just above the application frame when it
     * is neither the JDK's nor the agent's; {@code null} when the application started them itself.
     */
    public String libraryCall() {
        if (appIndex <= 0) {
            return null;
        }
        StackTraceElement callee = stack.get(appIndex - 1);
        String cls = callee.getClassName();
        return Frames.isJdk(cls) || Frames.isAgent(cls) ? null : cls + "." + callee.getMethodName();
    }

    private static String outer(String className) {
        int dollar = className.indexOf('$');
        return dollar < 0 ? className : className.substring(0, dollar);
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

    /** Items that ended; for threads, as of the last sweep of the live threads. */
    public long ended() {
        return kind.threads() ? threadsEnded : ended.sum();
    }

    /** Started and not yet ended (shut down, cancelled, completed). */
    public long live() {
        return Math.max(0, started() - ended());
    }

    void countStart() {
        started.increment();
    }

    /**
     * Threads only: {@code live} of this site's counted starts were found live by a sweep, so the others ended.
     * Starts that ran during the sweep may be counted without having been found; the next sweep puts that right.
     */
    void settle(int live) {
        threadsEnded = Math.max(0, started.sum() - live);
    }

    /** Counts items that ended: executors, timers, futures shut down, cancelled, completed. */
    void countEnd(long n) {
        ended.add(n);
    }

    @Override
    public String toString() {
        return kind.label() + " site " + idText() + " at " + frame;
    }
}
