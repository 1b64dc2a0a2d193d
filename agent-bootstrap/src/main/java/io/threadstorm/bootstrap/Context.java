package io.threadstorm.bootstrap;

/**
 * A small tag that says on whose behalf a thread works, such as the test that runs on it. A test framework tags its
 * thread with {@link #tag}; the agent then gives the tag to every thread that thread starts (transitively), to the
 * workers of every pool it creates, to every task it submits (while a pool's worker runs that task) and to every
 * {@code ForkJoinTask} it creates (a {@code CompletableFuture} async stage among them), and lists each thread's tag in
 * its snapshot. JDK types only: it is loaded by the bootstrap class loader when the agent runs, and from the class
 * path (where it does nothing) when it does not.
 *
 * <p>Until the first {@link #tag}, every hook that reads the context returns after one read of a static field that
 * never changes: an untagged JVM pays nothing for it.
 */
public final class Context {

    /** Set once by the first {@link #tag}; the hooks return at once while it is false. */
    private static volatile boolean used;
    /** Set once the agent put in the hooks that only tags need (or there is no agent to ask). */
    private static volatile boolean hooked;

    /** The tag this thread was given explicitly. */
    private static final ThreadLocal<String> TAG = new ThreadLocal<>();

    private Context() {
    }

    /**
     * Tags the current thread (a {@code null} tag removes it) and returns the tag it had, for {@link #restore}.
     * Threads, pools, tasks and futures created on this thread from now on carry the tag.
     */
    public static String tag(String tag) {
        if (!hooked) {
            used = true;
            hooked = Recorder.contextFirstUsed(); // the hooks only tags need, in before the first tag is given
        }
        String previous = TAG.get();
        TAG.set(tag);
        return previous;
    }

    /** Gives the current thread back the tag {@link #tag} returned. */
    public static void restore(String previous) {
        if (previous == null) {
            TAG.remove();
        } else {
            TAG.set(previous);
        }
    }

    /**
     * The current thread's tag: the one it was given, else (with the agent) the one the agent gave it: that of the
     * task it runs now, else that of the thread, pool or future it was started by. {@code null}: none.
     */
    public static String current() {
        if (!used) {
            return null;
        }
        String tag = TAG.get();
        return tag != null ? tag : Recorder.contextOf(Thread.currentThread());
    }

    /** Whether any thread was ever tagged: the hooks' only work until then. */
    static boolean used() {
        return used;
    }
}
