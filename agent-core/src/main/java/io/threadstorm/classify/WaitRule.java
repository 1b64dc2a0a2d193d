package io.threadstorm.classify;

/**
 * One row of the wait table: frames that show a thread waits for a given cause.
 *
 * @param category what a thread waiting there is stuck on
 * @param rank     how much the frame explains: when several rows match one stack, the highest rank wins, then
 *                 the innermost frame ({@code ThreadPoolExecutor.getTask} explains the {@code LinkedBlockingQueue.take}
 *                 above it; {@code CountDownLatch.await} explains the {@code LockSupport.park} above it)
 * @param label    how evidence names the wait, or {@code null} to name the matched frame
 *                 ({@code LinkedBlockingQueue.take})
 * @param timing   whether the row needs a timed wait, an untimed one, or either
 * @param frames   the frames it matches
 */
record WaitRule(Category category, int rank, String label, Timing timing, FramePatterns frames) {

    /** A worker loop or wrapper that says what the whole thread is for. */
    static final int LOOP = 3;
    /** A synchronizer or future the application chose. */
    static final int API = 2;
    /** A generic channel: a queue, a socket, a sleep. */
    static final int CHANNEL = 1;
    /** Bare parking or waiting. */
    static final int PARK = 0;

    /** Which waits a row applies to. */
    enum Timing {
        ANY, TIMED, UNTIMED;

        boolean accepts(Thread.State state) {
            return this == ANY || (this == TIMED) == (state == Thread.State.TIMED_WAITING);
        }
    }

    static WaitRule of(Category category, int rank, String label, String... frames) {
        return new WaitRule(category, rank, label, Timing.ANY, FramePatterns.of(frames));
    }

    WaitRule when(Timing t) {
        return new WaitRule(category, rank, label, t, frames);
    }

    boolean matches(StackTraceElement frame, Thread.State state) {
        return timing.accepts(state) && frames.matches(frame);
    }
}
