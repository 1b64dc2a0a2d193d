package io.threadstorm.classify;

import java.util.List;

/**
 * Where one thread waits, read from its stack (see {@link WaitPoints#of}).
 *
 * @param machinery  the JDK's parking, waiting, sleeping and I/O frames on top of the stack, top first
 *                   ({@code Unsafe.park}, {@code LockSupport.park}, {@code ConditionObject.await}, {@code Net.poll})
 * @param primitives the other JDK frames down to the first frame outside the JDK, top first: the blocking
 *                   primitive the thread waits in ({@code LinkedBlockingQueue.take}, {@code CountDownLatch.await},
 *                   {@code ThreadPoolExecutor.getTask} ...) and the JDK frames that called it
 * @param appFrame   the first frame outside the JDK (lambda frames skipped), or {@code null} when the whole stack
 *                   is the JDK's, as for an idle pool worker
 */
public record WaitPoint(List<StackTraceElement> machinery, List<StackTraceElement> primitives,
                        StackTraceElement appFrame) {

    public WaitPoint {
        machinery = List.copyOf(machinery);
        primitives = List.copyOf(primitives);
    }

    /**
     * The blocking primitive: the JDK frame the application called to wait ({@code LinkedBlockingQueue.take},
     * {@code Thread.sleep}, {@code Object.wait}) or, for an all-JDK stack, the innermost primitive
     * ({@code LinkedBlockingQueue.take} inside {@code ThreadPoolExecutor.getTask}); {@code null} for a stack
     * without JDK frames on top.
     */
    public StackTraceElement primitive() {
        if (!primitives.isEmpty()) {
            return appFrame != null ? primitives.get(primitives.size() - 1) : primitives.get(0);
        }
        return machinery.isEmpty() ? null : machinery.get(machinery.size() - 1);
    }

    /** The application frame the thread waits at, else the blocking primitive. */
    public StackTraceElement waitingAt() {
        return appFrame != null ? appFrame : primitive();
    }
}
