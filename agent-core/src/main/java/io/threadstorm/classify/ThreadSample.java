package io.threadstorm.classify;

import java.util.List;

/**
 * One thread as the sampler (or a thread dump) saw it: what the classifier reads.
 *
 * @param id            thread id
 * @param name          thread name
 * @param state         its state; a thread in a native socket read shows {@code RUNNABLE}, as the JVM reports it
 * @param daemon        daemon thread
 * @param virtual       virtual thread
 * @param ageSeconds    seconds since it was started, or {@code -1} when unknown (thread dumps)
 * @param stack         current stack, top frame first (may be empty, never {@code null})
 * @param lock          the lock it is blocked on or waits on, as {@code LockInfo.toString()}
 *                      ({@code java.util.concurrent.CountDownLatch$Sync@1b2c3d}), or {@code null}
 * @param lockOwnerId   id of the thread owning {@code lock}, or {@code -1}
 * @param lockOwnerName name of that thread, or {@code null}
 * @param cpuShare      CPU time used over the last sampling interval divided by the interval's wall time
 *                      (0..1 per thread), or {@code -1} when unknown
 * @param stackUnchanged true when its top frames were the same at the previous sample
 */
public record ThreadSample(long id, String name, Thread.State state, boolean daemon, boolean virtual,
                           double ageSeconds, List<StackTraceElement> stack, String lock, long lockOwnerId,
                           String lockOwnerName, double cpuShare, boolean stackUnchanged) {

    public ThreadSample {
        stack = stack == null ? List.of() : List.copyOf(stack);
    }
}
