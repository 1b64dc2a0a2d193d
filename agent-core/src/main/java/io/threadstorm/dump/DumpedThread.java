package io.threadstorm.dump;

import io.threadstorm.classify.ThreadSample;
import java.util.List;

/**
 * One thread as a thread dump shows it.
 *
 * <p>Locks are written the way {@code java.lang.management.LockInfo.toString()} writes them,
 * {@code <class name>@<hex>}, so the classifier reads dump threads and sampled threads alike. The JSON and
 * {@code Thread.dump_to_file} text formats give the identity hash ({@code java.lang.Object@32361db5}); the
 * {@code Thread.print} text gives only the object's address, so there the hex is the address without
 * {@code 0x} and leading zeros ({@code java.lang.Object@69ec1efb8}) and {@link #lockAddress} keeps it as written.
 *
 * @param id             the Java thread id ({@code #12} in text, {@code tid} in JSON), or -1 when the dump has none
 * @param name           the thread's name; empty for an unnamed virtual thread
 * @param state          its state, or {@code null} when the dump does not say (JDK 21 JSON, a carrier in a JDK 25
 *                       {@code jstack})
 * @param daemon         daemon thread (always true for a virtual thread; false when the dump does not say)
 * @param virtual        virtual thread
 * @param elapsedSeconds seconds since it started, from {@code elapsed=12.34s} in a {@code Thread.print} header, or -1
 * @param stack          its stack, top frame first, never {@code null}
 * @param lock           the lock it is blocked on, parked on or waits on, or {@code null}
 * @param lockAddress    that lock's address as the dump writes it ({@code 0x000000069ec1efb8}), or {@code null}
 *                       when the dump gives an identity string instead
 * @param lockOwnerId    id of the thread that holds {@code lock}, or -1 when unknown
 * @param lockOwnerName  name of that thread, or {@code null}
 * @param locksHeld      monitors and ownable synchronizers it holds, in the same notation as {@code lock}; a monitor
 *                       it released by {@code Object.wait} is not held, though {@code Thread.print} lists it as
 *                       {@code - locked}
 */
public record DumpedThread(long id, String name, Thread.State state, boolean daemon, boolean virtual,
                           double elapsedSeconds, List<StackTraceElement> stack, String lock, String lockAddress,
                           long lockOwnerId, String lockOwnerName, List<String> locksHeld) {

    public DumpedThread {
        name = name == null ? "" : name;
        stack = stack == null ? List.of() : List.copyOf(stack);
        locksHeld = locksHeld == null ? List.of() : List.copyOf(locksHeld);
    }

    /** The top frame, or {@code null} for an empty stack. */
    public StackTraceElement topFrame() {
        return stack.isEmpty() ? null : stack.get(0);
    }

    /**
     * This thread as the classifier reads it. A dump tells nothing about CPU use over time or whether the stack
     * moved, so {@code cpuShare} is -1 and {@code stackUnchanged} false; the age is {@link #elapsedSeconds}.
     */
    public ThreadSample toSample() {
        return new ThreadSample(id, name, state, daemon, virtual, elapsedSeconds, stack, lock, lockOwnerId,
                lockOwnerName, -1, false);
    }
}
