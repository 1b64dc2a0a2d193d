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
    void taskSubmitted(Object executor, Object task);

    /** A sampled {@code CompletableFuture} creation: an async entry point or an explicit constructor call. */
    void futureCreated(Object future);

    /** The current thread starts waiting for {@code future} ({@code get}/{@code join}); {@code null} when it stops. */
    void futureAwaited(Object future);
}
