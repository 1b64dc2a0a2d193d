package io.threadstorm.bootstrap;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Static entry points that advice inlined into JDK classes calls. Each one returns at once while the agent
 * is off, never throws, and never re-enters itself: whatever the sink does (walk a stack, intern a site)
 * cannot be recorded again.
 */
public final class Recorder {

    /** The current sink, or {@code null} while the agent is off or not yet ready. */
    private static volatile Sink sink;

    /** A submit or future creation is recorded when {@code (random & sampleMask) == 0}. */
    private static volatile int sampleMask = 63;

    /** Set on a thread while the agent works on it: nested events are ignored. */
    private static final ThreadLocal<Boolean> BUSY = new ThreadLocal<>();

    /** The pool whose {@code addWorker} is running on this thread, so that the worker it starts can name it. */
    private static final ThreadLocal<Object> ADDING_WORKER = new ThreadLocal<>();

    private Recorder() {
    }

    public static void install(Sink newSink, int sampleRate) {
        int rate = Math.max(1, sampleRate);
        sampleMask = Integer.highestOneBit(rate) == rate ? rate - 1 : Integer.highestOneBit(rate) * 2 - 1;
        sink = newSink;
    }

    /** True for roughly one call in {@code sampleRate}: the only work a hot path does while unsampled. */
    public static boolean sampled() {
        return (ThreadLocalRandom.current().nextInt() & sampleMask) == 0;
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
     * A thread start. Checks the reentrancy guard (the agent's own threads start inside {@link #untracked}) but
     * does not set it: recording a start only walks the stack and links a record, which starts no thread and
     * creates no executor, timer or future, so it cannot re-enter; that saves two thread-local writes per start.
     */
    public static void threadStarted(Thread thread) {
        Sink s = sink;
        if (s != null && BUSY.get() == null) {
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

    /** A virtual thread's construction: only notes its task's class for the start, so no reentrancy guard. */
    public static void virtualThreadCreated(Thread thread, Runnable task) {
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

    public static void taskSubmitted(Object executor, Object task) {
        Sink s = enter();
        if (s != null) {
            try {
                s.taskSubmitted(executor, task);
            } catch (Throwable ignored) {
                // the application goes on without this event
            } finally {
                BUSY.set(null);
            }
        }
    }

    public static void futureCreated(Object future) {
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

    /** A task submission: recorded for roughly one call in {@code sampleRate}; the rest cost one random number. */
    public static void taskSubmittedSampled(Object executor, Object task) {
        if (sampled()) {
            taskSubmitted(executor, task);
        }
    }

    /** A future creation: recorded for roughly one call in {@code sampleRate}. */
    public static void futureCreatedSampled(Object future) {
        if (sampled()) {
            futureCreated(future);
        }
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

    /** Starts a thread of the agent's own: it is never recorded. */
    public static void startUntracked(Thread thread) {
        untracked(thread::start);
    }

    /** Runs agent work that may start threads or create executors (a JMX or HTTP server) without recording them. */
    public static void untracked(Runnable work) {
        Boolean was = BUSY.get();
        BUSY.set(Boolean.TRUE);
        try {
            work.run();
        } finally {
            BUSY.set(was);
        }
    }
}
