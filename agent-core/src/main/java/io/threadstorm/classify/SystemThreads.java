package io.threadstorm.classify;

import io.threadstorm.bootstrap.SystemThreadNames;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The JVM's and the agent's own threads, which never count as leaks: a table of small rules by thread name and,
 * where a name alone would hide application work, by stack. Extend {@link #RULES} to add one.
 */
public final class SystemThreads {

    /**
     * One kind of system thread.
     *
     * @param description what the rule covers, for the documentation
     * @param name        which thread names it applies to
     * @param stack       what the stack must show as well ({@code null}: the name is enough); an empty stack, as
     *                    when only the name is known, never satisfies it
     */
    record Rule(String description, Predicate<String> name, Predicate<List<StackTraceElement>> stack) {

        static Rule named(String name) {
            return new Rule(name, name::equals, null);
        }

        static Rule prefixed(String prefix) {
            return new Rule(prefix + "*", n -> n.startsWith(prefix), null);
        }

        boolean matches(String threadName, List<StackTraceElement> threadStack) {
            if (!name.test(threadName)) {
                return false;
            }
            return stack == null || !threadStack.isEmpty() && stack.test(threadStack);
        }
    }

    /** The worker loop's frames where an idle fork-join worker parks. */
    private static final FramePatterns AWAITING_WORK = FramePatterns.of("java.util.concurrent.ForkJoinPool.awaitWork",
            "java.util.concurrent.ForkJoinPool.runWorker");

    static final List<Rule> RULES = rules();

    /**
     * The shared list of JVM and tooling threads ({@link SystemThreadNames}, which the JUnit extension reads too),
     * then the names only a thread dump shows, then the rules that need a stack.
     */
    private static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (SystemThreadNames.Entry e : SystemThreadNames.ENTRIES) {
            rules.add(new Rule(e.pattern(), e::matches, null));
        }
        rules.addAll(List.of(
            // VM-internal threads: never Java threads, but a jstack dump lists them
            Rule.named("VM Thread"), Rule.prefixed("VM Periodic Task Thread"), Rule.prefixed("GC Thread#"),
            Rule.prefixed("G1 "), Rule.prefixed("ZGC"), Rule.prefixed("ZDirector"), Rule.prefixed("ZDriver"),
            Rule.prefixed("ZStat"), Rule.prefixed("ZUnmapper"), Rule.prefixed("ZWorker"), Rule.prefixed("Shenandoah"),
            Rule.prefixed("Gang worker#"), Rule.prefixed("Concurrent Mark-Sweep GC Thread"),
            Rule.prefixed("CMS "), Rule.prefixed("Surrogate Locker Thread"), Rule.prefixed("StrDedup"),
            // the common pool belongs to the JDK; an idle worker of it is not a leak, a busy one runs app work
            new Rule("ForkJoinPool.commonPool-worker-* parked in ForkJoinPool.awaitWork (an idle common-pool worker)",
                    n -> n.startsWith("ForkJoinPool.commonPool-worker-"), SystemThreads::idleWorker)));
        return List.copyOf(rules);
    }

    private SystemThreads() {
    }

    /**
     * True for a thread the JVM or the agent owns. {@code stack} (top first) may be empty when only the name is
     * known; rules that need the stack then do not match.
     */
    public static boolean isSystem(String name, List<StackTraceElement> stack) {
        if (name == null) {
            return false;
        }
        List<StackTraceElement> s = stack == null ? List.of() : stack;
        for (Rule r : RULES) {
            if (r.matches(name, s)) {
                return true;
            }
        }
        return false;
    }

    /** The documented list, one entry per rule ({@code *} ends a name prefix). */
    public static List<String> describe() {
        return RULES.stream().map(Rule::description).toList();
    }

    /** Parked for work right in the pool's worker loop (JDK 17+: awaitWork; JDK 11: runWorker), no task running. */
    private static boolean idleWorker(List<StackTraceElement> stack) {
        WaitPoint w = WaitPoints.of(stack);
        return w.appFrame() == null && !w.primitives().isEmpty() && AWAITING_WORK.matches(w.primitives().get(0));
    }
}
