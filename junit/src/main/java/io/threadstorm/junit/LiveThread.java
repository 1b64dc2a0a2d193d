package io.threadstorm.junit;

import java.util.List;

/**
 * One live thread as a census saw it.
 *
 * @param id     the thread id, never reused in a JVM's life
 * @param name   its name
 * @param state  its {@link Thread.State} name
 * @param daemon whether it is a daemon thread
 * @param virtual whether it is a virtual thread (JDK 21+; only the agent sees those)
 * @param stack  its current stack, top first, as {@link StackTraceElement#toString()} texts
 * @param site   where it was started, when the agent knows; else {@code null}
 * @param thread the thread itself, when it is a platform thread of this JVM; else {@code null}
 * @param context the tag of the test it works for, from the agent ({@link TestTag}); {@code null} when none
 * @param taskFrame where the tagged task it runs now was submitted, from the agent; {@code null} when none
 */
record LiveThread(long id, String name, String state, boolean daemon, boolean virtual, List<String> stack,
                  CreationSite site, Thread thread, String context, String taskFrame) {

    /** A thread with no tag. */
    LiveThread(long id, String name, String state, boolean daemon, boolean virtual, List<String> stack,
               CreationSite site, Thread thread) {
        this(id, name, state, daemon, virtual, stack, site, thread, null, null);
    }

    /** Whether a frame text belongs to the JDK: its module is a {@code java.*} or {@code jdk.*} one. */
    static boolean jdkFrame(String frame) {
        int paren = frame.indexOf('(');
        int slash = frame.indexOf('/');
        return slash > 0 && (paren < 0 || slash < paren) && (frame.startsWith("java.") || frame.startsWith("jdk."));
    }

    /**
     * The {@code class.method} of a frame text: {@code java.base/java.lang.Thread.run(Thread.java:840)} gives
     * {@code java.lang.Thread.run}.
     */
    static String method(String frame) {
        int paren = frame.indexOf('(');
        String head = paren < 0 ? frame : frame.substring(0, paren);
        return head.substring(head.lastIndexOf('/') + 1);
    }
}
