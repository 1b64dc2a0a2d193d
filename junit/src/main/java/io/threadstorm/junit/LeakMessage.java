package io.threadstorm.junit;

import java.time.Duration;
import java.util.List;

/**
 * The failure text for leaked threads: each thread with what best tells where it comes from first (its creation site
 * when the agent knows it), then its current stack; bounded, however many threads leaked.
 */
final class LeakMessage {

    /** Threads listed at most; the rest are counted. */
    static final int MAX_THREADS = 20;

    /** Frames of each current stack shown at most, besides the first frame outside the JDK. */
    static final int MAX_FRAMES = 8;

    private LeakMessage() {
    }

    /**
     * The message.
     *
     * @param scope  what leaked, such as {@code test parksForever()} or {@code class ServerTest}
     * @param grace  how long the check waited
     * @param leaked the threads, in the order to list them
     * @param note   where the details came from
     */
    static String of(String scope, Duration grace, List<LiveThread> leaked, String note) {
        StringBuilder out = new StringBuilder();
        int n = leaked.size();
        out.append(scope).append(" leaked ").append(n).append(n == 1 ? " thread" : " threads")
                .append(", still running ").append(grace.toMillis()).append(" ms after it ended:\n");
        for (LiveThread t : leaked.subList(0, Math.min(n, MAX_THREADS))) {
            thread(out, t);
        }
        if (n > MAX_THREADS) {
            out.append("... and ").append(n - MAX_THREADS).append(" more\n");
        }
        return out.append(note).toString();
    }

    private static void thread(StringBuilder out, LiveThread t) {
        out.append("- \"").append(t.name()).append("\" (id ").append(t.id()).append(", ").append(t.state())
                .append(", ").append(t.virtual() ? "virtual" : "platform").append(t.daemon() ? ", daemon" : "")
                .append(")\n");
        CreationSite site = t.site();
        if (site != null) {
            out.append(site.known()
                    ? "    started at " + site.frame() + " (site " + site.id() + ", kind " + site.kind() + ")\n"
                    : "    started before the threadstorm agent loaded\n");
        }
        if (t.taskFrame() != null) {
            out.append("    runs the test's task submitted at ").append(t.taskFrame()).append('\n');
        }
        List<String> stack = t.stack();
        int shown = Math.min(stack.size(), MAX_FRAMES);
        for (String frame : stack.subList(0, shown)) {
            out.append("    at ").append(frame).append('\n');
        }
        int app = firstOutsideJdk(stack);
        if (app >= shown) {
            out.append("    ... ").append(app - shown).append(" JDK frames\n    at ").append(stack.get(app)).append('\n');
        }
        if (stack.size() > Math.max(shown, app + 1)) {
            out.append("    ... ").append(stack.size() - Math.max(shown, app + 1)).append(" more\n");
        }
    }

    private static int firstOutsideJdk(List<String> stack) {
        for (int i = 0; i < stack.size(); i++) {
            if (!LiveThread.jdkFrame(stack.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
