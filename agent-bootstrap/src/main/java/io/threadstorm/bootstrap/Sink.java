package io.threadstorm.bootstrap;

/**
 * Receives what the advice sees. Implemented by the agent core, which lives in its own class loader;
 * this interface is loaded by the bootstrap class loader so that advice inlined into JDK classes can
 * reach it. Only JDK types cross this boundary. Implementations must never throw, block or start threads.
 */
public interface Sink {

    /** A platform or virtual thread has just been started by the current thread. */
    void threadStarted(Thread thread);

    /** {@code thread} is exiting: its task returned or threw. Called once per thread, on the thread or its carrier. */
    void threadEnded(Thread thread);

    /** A virtual thread was constructed to run {@code task}: a hint for attributing its start cheaply. */
    void virtualThreadCreated(Thread thread, Runnable task);

    /** An executor ({@code ThreadPoolExecutor}, {@code ForkJoinPool}) or a {@code java.util.Timer} was constructed. */
    void executorCreated(Object executor);

    /** {@code shutdown}, {@code shutdownNow}, {@code close} or {@code Timer.cancel} was called. */
    void executorShutdown(Object executor);

    /** A sampled task submission ({@code execute}, {@code submit}, {@code schedule*}). */
    void taskSubmitted(Object executor);

    /** A sampled {@code CompletableFuture} creation: an async entry point or an explicit constructor call. */
    void futureCreated(Object future);

    /** The current thread starts waiting for {@code future} ({@code get}/{@code join}); {@code null} when it stops. */
    void futureAwaited(Object future);

    /**
     * A platform thread is about to start, under a tag: the tag must be known before {@link #threadStarted} is
     * called (after {@code start0}), since the new thread may start threads of its own in between.
     */
    default void threadStarting(Thread thread, String tag) {
    }

    /**
     * The first tag ({@link Context#tag}) is about to be given: the hooks that only tags need go in now, before this
     * returns. Called until one call returned; may block while the JDK classes are retransformed.
     */
    default void contextFirstUsed() {
    }

    /**
     * The tag the agent gave {@code thread} ({@link Context}): that of the task it runs now, else that of the thread,
     * pool or future that started it; {@code null} when none. Must be cheap: it runs on thread starts under a tag.
     */
    default String contextOf(Thread thread) {
        return null;
    }

    /**
     * {@code task} was handed to an executor ({@code submitted}) or, a {@code ForkJoinTask}, created under
     * {@code tag}.
     */
    default void taskTagged(Object task, String tag, boolean submitted) {
    }

    /** {@code task} was handed to {@code executor} under {@code tag}, at the entry of its {@code execute}. */
    default void taskHandedOver(Object executor, Object task, String tag) {
        taskTagged(task, tag, true);
    }

    /** A {@code ThreadPoolExecutor} rejected {@code task}: no worker of it will start it. */
    default void taskRejected(Object task) {
    }

    /** {@code thread} starts running {@code task}, or ({@code null}) finished the one it ran. */
    default void taskRunning(Thread thread, Object task) {
    }
}
