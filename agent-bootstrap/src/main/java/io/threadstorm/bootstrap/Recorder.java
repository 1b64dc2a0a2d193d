package io.threadstorm.bootstrap;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.internal.vm.annotation.DontInline;

/**
 * Static entry points that advice inlined into JDK classes calls. Each one returns at once while the agent
 * is off, never throws, and never re-enters itself: whatever the sink does (walk a stack, intern a site)
 * cannot be recorded again.
 */
public final class Recorder {

    /** The current sink, or {@code null} while the agent is off or not yet ready. */
    private static volatile Sink sink;

    /** A virtual-thread start of a known site is recorded when {@code (random & sampleMask) == 0} (sampled). */
    private static volatile int sampleMask = 63;

    /*
     * Submits and future creations are sampled in windows (see the agent's SamplingGate): while no window is open
     * an unsampled call reads one flag, where a random draw on every call cost 1.5-2.5 ns, a tenth of an execute or
     * a future's creation. Within a window one call in windowMask + 1 is recorded; the windows are open for the
     * share of time that makes it one call in sampleRate on average. Until a gate runs, the window stays open and
     * its mask is sampleMask: every call draws, as before.
     */
    private static volatile boolean windowOpen = true;
    private static volatile int windowMask = 63;

    /** Set on a thread while the agent works on it: nested events are ignored. */
    private static final ThreadLocal<Boolean> BUSY = new ThreadLocal<>();

    /**
     * How many {@link #untracked} sections are open now, on any thread: while none is, a thread start need not read
     * {@link #BUSY} (a thread-local lookup on every start, a few per cent of a virtual thread's start and end).
     */
    private static final AtomicInteger UNTRACKED = new AtomicInteger();

    /** The pool whose {@code addWorker} is running on this thread, so that the worker it starts can name it. */
    private static final ThreadLocal<Object> ADDING_WORKER = new ThreadLocal<>();

    private Recorder() {
    }

    /** Installs the sink; submits and future creations each draw, one in {@code sampleRate}, until a gate runs. */
    public static void install(Sink newSink, int sampleRate) {
        sampleRate(sampleRate);
        window(true, sampleMask);
        sink = newSink;
    }

    /** The rate of {@link #sampled}: {@code sampleRate} rounded up to a power of two, less one. */
    public static void sampleRate(int sampleRate) {
        sampleMask = mask(sampleRate);
    }

    /** {@code rate} rounded up to a power of two, less one: a mask for a random draw. */
    public static int mask(int rate) {
        int r = Math.max(1, rate);
        return Integer.highestOneBit(r) == r ? r - 1 : Integer.highestOneBit(r) * 2 - 1;
    }

    /**
     * Opens or closes the sampling window of submits and future creations; within it one call in {@code mask + 1}
     * is recorded. The agent's gate thread calls it a few times a second.
     */
    public static void window(boolean open, int mask) {
        windowMask = mask;
        windowOpen = open;
    }

    /**
     * True for one call in {@code sampleRate} on average (virtual-thread starts of a known site): in the windows
     * submits and future creations are sampled in, so that outside one a start reads a flag and draws nothing.
     */
    public static boolean sampled() {
        return windowOpen && drawnInWindow();
    }

    /** The sink if the current thread may report an event now (it is then marked busy), else {@code null}. */
    private static Sink enter() {
        Sink s = sink;
        if (s == null || BUSY.get() != null) {
            return null;
        }
        BUSY.set(Boolean.TRUE);
        return s;
    }

    /**
     * A thread start. Reads the reentrancy guard only while an {@link #untracked} section is open somewhere (the
     * agent's own threads start inside one), and does not set it: recording a start only walks the stack and links a
     * record, which starts no thread and creates no executor, timer or future, so it cannot re-enter; that saves two
     * thread-local writes per start. A start made while another event is being recorded on the same thread would be
     * recorded too; none of those records starts a thread.
     */
    public static void threadStarted(Thread thread) {
        Sink s = sink;
        if (s != null) {
            started(s, thread);
        }
    }

    /**
     * Out of line, so that what the hook puts into {@code VirtualThread.start} stays a few bytes of compiled code:
     * C2 inlines {@code start}, with the scheduler's {@code submitRunContinuation}, into
     * {@code Thread.startVirtualThread} only while their compiled code stays small (JDK 25; see performance.md).
     */
    @DontInline
    private static void started(Sink s, Thread thread) {
        if (UNTRACKED.get() == 0 || BUSY.get() == null) {
            try {
                s.threadStarted(thread);
            } catch (Throwable ignored) {
                // the application goes on without this event
            }
        }
    }

    /**
     * A thread's exit. No reentrancy guard: the sink only unlinks a record, which records nothing and starts
     * nothing, and an exiting thread should not touch its thread locals.
     */
    public static void threadEnded(Thread thread) {
        Sink s = sink;
        if (s != null) {
            try {
                s.threadEnded(thread);
            } catch (Throwable ignored) {
                // the thread exits regardless
            }
        }
    }

    /**
     * Whether the sink needs {@link #virtualThreadCreated}: once the agent reads a virtual thread's task from the
     * thread itself (JDK 21+ whose internals it knows), the constructor's hook reads this flag and nothing more.
     */
    private static volatile boolean virtualTasksNeeded = true;

    /** Tells whether the sink still needs to be told each virtual thread's task at its construction. */
    public static void virtualTasksNeeded(boolean needed) {
        virtualTasksNeeded = needed;
    }

    /** A virtual thread's construction: only notes its task's class for the start, so no reentrancy guard. */
    public static void virtualThreadCreated(Thread thread, Runnable task) {
        if (virtualTasksNeeded) {
            created(thread, task);
        }
    }

    @DontInline
    private static void created(Thread thread, Runnable task) {
        Sink s = sink;
        if (s != null) {
            try {
                s.virtualThreadCreated(thread, task);
            } catch (Throwable ignored) {
                // the application goes on without this event
            }
        }
    }

    public static void executorCreated(Object executor) {
        Sink s = enter();
        if (s != null) {
            try {
                s.executorCreated(executor);
            } catch (Throwable ignored) {
                // the application goes on without this event
            } finally {
                BUSY.set(null);
            }
        }
    }

    public static void executorShutdown(Object executor) {
        Sink s = enter();
        if (s != null) {
            try {
                s.executorShutdown(executor);
            } catch (Throwable ignored) {
                // the application goes on without this event
            } finally {
                BUSY.set(null);
            }
        }
    }

    public static void futureAwaited(Object future) {
        Sink s = enter();
        if (s != null) {
            try {
                s.futureAwaited(future);
            } catch (Throwable ignored) {
                // the application goes on without this event
            } finally {
                BUSY.set(null);
            }
        }
    }

    /**
     * A task submission: recorded for one call in {@code sampleRate} on average. Outside a sampling window it costs
     * one read of a flag. The rest is a method the JIT never inlines, so that the JDK method compiles to little more
     * code than without the hook: inlined, the rest made {@code ThreadPoolExecutor.execute} too large for the JIT to
     * inline it into its callers (JDK 25), which cost an execute into a queue 2.5 ns, a quarter.
     */
    public static void taskSubmittedSampled(Object executor) {
        if (windowOpen) {
            taskSubmittedInWindow(executor);
        }
    }

    @DontInline
    private static void taskSubmittedInWindow(Object executor) {
        if (!drawnInWindow()) {
            return;
        }
        Sink s = enter();
        if (s != null) {
            try {
                s.taskSubmitted(executor);
            } catch (Throwable ignored) {
                // the application goes on without this event
            } finally {
                BUSY.set(null);
            }
        }
    }

    /** A future creation: recorded for one call in {@code sampleRate} on average, as a submission. */
    public static void futureCreatedSampled(Object future) {
        if (windowOpen) {
            futureCreatedInWindow(future);
        }
    }

    @DontInline
    private static void futureCreatedInWindow(Object future) {
        if (!drawnInWindow()) {
            return;
        }
        Sink s = enter();
        if (s != null) {
            try {
                s.futureCreated(future);
            } catch (Throwable ignored) {
                // the application goes on without this event
            } finally {
                BUSY.set(null);
            }
        }
    }

    /** True for one call in {@code windowMask + 1}: the draw of a submit or future creation within a window. */
    private static boolean drawnInWindow() {
        return (ThreadLocalRandom.current().nextInt() & windowMask) == 0;
    }

    /** The end of a wait for a future: {@code futureAwaited(null)}, without an argument for the bytecode to push. */
    public static void futureAwaitEnded() {
        futureAwaited(null);
    }

    /** Marks the current thread as running {@code ThreadPoolExecutor.addWorker} of {@code pool}. */
    public static void addingWorker(Object pool) {
        if (sink != null) {
            ADDING_WORKER.set(pool);
        }
    }

    public static void workerAdded() {
        if (sink != null) {
            ADDING_WORKER.set(null);
        }
    }

    /** The pool whose worker the current thread is starting, or {@code null}. */
    public static Object poolAddingWorker() {
        return ADDING_WORKER.get();
    }

    /** The first task of the pool worker that the {@code addWorker} running on this thread starts (tags only). */
    private static final ThreadLocal<Object> FIRST_TASK = new ThreadLocal<>();

    /**
     * The first tag is about to be given ({@link Context#tag}): asks the agent for the hooks only tags need, and
     * returns once they are in; {@code true} when nobody need ask again (they are in, or there is no agent yet: one
     * that starts later reads {@link #contextUsed}). Never throws.
     */
    static boolean contextFirstUsed() {
        Sink s = enter();
        if (s == null) {
            return sink == null;
        }
        try {
            s.contextFirstUsed();
            return true;
        } catch (Throwable ignored) {
            return true; // the hooks stay out: tags still reach threads and pools, not fork-join tasks
        } finally {
            BUSY.set(null);
        }
    }

    /** Whether any thread was ever tagged ({@link Context}): an agent that starts later puts in the tag hooks. */
    public static boolean contextUsed() {
        return Context.used();
    }

    /** The tag the agent gave {@code thread} (see {@link Context#current}), or {@code null}. */
    static String contextOf(Thread thread) {
        Sink s = sink;
        if (s != null) {
            try {
                return s.contextOf(thread);
            } catch (Throwable ignored) {
                // no tag then
            }
        }
        return null;
    }

    /**
     * A task handed to an executor ({@code execute}, {@code delayedExecute}): it takes the current thread's tag, if
     * any ({@link Context}). While no thread was ever tagged, one read of a static field.
     */
    public static void contextTask(Object executor, Object task) {
        if (Context.used()) {
            tagTask(executor, task, true);
        }
    }

    /** A {@code ForkJoinTask} was constructed: it takes the current thread's tag, if any. */
    public static void contextTask(Object task) {
        if (Context.used()) {
            tagTask(null, task, false);
        }
    }

    /*
     * Each context hook is a check of one static flag with the work in a method of its own: the JIT inlines a method
     * of a few bytes into the hooked JDK method everywhere, a larger one only where it is hot, and a call left in a
     * constructor (ForkJoinTask's, on every CompletableFuture stage) also costs the allocation its optimizations.
     */

    private static void tagTask(Object executor, Object task, boolean submitted) {
        Sink s = sink;
        if (s != null && task != null) {
            try {
                String tag = Context.current();
                if (tag != null) {
                    if (submitted) {
                        s.taskHandedOver(executor, task, tag);
                    } else {
                        s.taskTagged(task, tag, false);
                    }
                }
            } catch (Throwable ignored) {
                // the task goes untagged
            }
        }
    }

    /** {@code ThreadPoolExecutor.reject}: the pool will not run {@code task}. One static read while untagged. */
    public static void contextTaskRejected(Object executor, Object task) {
        if (Context.used()) {
            taskRejected(task);
        }
    }

    private static void taskRejected(Object task) {
        Sink s = sink;
        if (s != null && task != null) {
            try {
                s.taskRejected(task);
            } catch (Throwable ignored) {
                // a check may wait its grace for the task
            }
        }
    }

    /** {@code Thread.start} begins: under a tag, the agent notes it for the new thread before it runs. */
    public static void contextThreadStarting(Thread thread) {
        if (Context.used()) {
            threadStarting(thread);
        }
    }

    private static void threadStarting(Thread thread) {
        Sink s = sink;
        if (s != null) {
            try {
                String tag = Context.current();
                if (tag != null) {
                    s.threadStarting(thread, tag);
                }
            } catch (Throwable ignored) {
                // the thread gets its tag when its start is recorded
            }
        }
    }

    /** The current thread starts running {@code task} ({@code getTask} returned it, or {@code doExec}). */
    public static void contextTaskRunning(Object task) {
        if (Context.used()) {
            taskRunning(task);
        }
    }

    private static void taskRunning(Object task) {
        Sink s = sink;
        if (s != null) {
            try {
                s.taskRunning(Thread.currentThread(), task);
            } catch (Throwable ignored) {
                // the thread keeps the tag it had
            }
        }
    }

    /** The current thread is done with its task: it works for its own tag again. */
    public static void contextTaskDone() {
        contextTaskRunning(null);
    }

    /**
     * A fork-join worker starts running {@code task} ({@code ForkJoinTask.doExec}). Other threads that run a task
     * themselves ({@code invoke}, {@code join}) keep their own tag: they run it inside work of their own.
     */
    public static void contextForkJoinRunning(Object task) {
        if (Context.used()) {
            forkJoinRunning(task);
        }
    }

    private static void forkJoinRunning(Object task) {
        if (Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread) {
            taskRunning(task);
        }
    }

    /** A fork-join worker is done with the task it ran. */
    public static void contextForkJoinDone() {
        contextForkJoinRunning(null);
    }

    /** {@code addWorker(firstTask, core)} of {@code pool} begins on this thread: the worker it starts runs it first. */
    public static void contextFirstTask(Object pool, Object firstTask) {
        if (Context.used()) {
            FIRST_TASK.set(firstTask);
        }
    }

    /** The first task of the worker the current thread is starting, or {@code null}; forgets it. */
    public static Object takeFirstTask() {
        return Context.used() ? firstTask() : null;
    }

    private static Object firstTask() {
        Object task = FIRST_TASK.get();
        if (task != null) {
            FIRST_TASK.remove();
        }
        return task;
    }

    /** Starts a thread of the agent's own: it is never recorded. */
    public static void startUntracked(Thread thread) {
        Boolean was = openUntracked(); // as untracked(thread::start), with no method reference to spin at start-up
        try {
            thread.start();
        } finally {
            closeUntracked(was);
        }
    }

    /** Runs agent work that may start threads or create executors (a JMX or HTTP server) without recording them. */
    public static void untracked(Runnable work) {
        Boolean was = openUntracked();
        try {
            work.run();
        } finally {
            closeUntracked(was);
        }
    }

    /** Marks this thread busy, counted among the open untracked sections first; returns what it was. */
    private static Boolean openUntracked() {
        UNTRACKED.incrementAndGet();
        Boolean was = BUSY.get();
        BUSY.set(Boolean.TRUE);
        return was;
    }

    private static void closeUntracked(Boolean was) {
        BUSY.set(was);
        UNTRACKED.decrementAndGet();
    }
}
