package io.threadstorm.dump;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a thread in a dump was started from, as far as a dump can tell: a dump does not record creation sites, but a
 * thread's stack begins where its {@code run} begins, and its name was given where it was created.
 */
final class ThreadOrigin {

    /** Frames every thread starts with, whoever started it: they tell nothing about the origin. */
    private static final Set<String> PLUMBING = Set.of(
            "java.lang.Thread.run", "java.lang.Thread.runWith", "java.lang.VirtualThread.run",
            "java.lang.VirtualThread$VThreadContinuation$1.run", "jdk.internal.vm.Continuation.enter",
            "jdk.internal.vm.Continuation.enter0", "jdk.internal.misc.InnocuousThread.run");

    private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    private static final Pattern UUID =
            Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private ThreadOrigin() {
    }

    /**
     * The name with what varies per thread or per pool taken out: digit runs, UUIDs and hex tokens of 8 or more
     * characters become {@code #}. {@code pool-12-thread-3} → {@code pool-#-thread-#}; an unnamed thread is
     * {@code <unnamed>}.
     */
    static String namePattern(String rawName) {
        if (rawName == null || rawName.isEmpty()) {
            return "<unnamed>";
        }
        String name = UUID.matcher(rawName).replaceAll("#");
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            if (!Character.isLetterOrDigit(name.charAt(i))) {
                out.append(name.charAt(i++));
                continue;
            }
            int end = i;
            while (end < name.length() && Character.isLetterOrDigit(name.charAt(end))) {
                end++;
            }
            String token = name.substring(i, end);
            out.append(isVarying(token) ? "#" : digitsToHash(token));
            i = end;
        }
        return out.toString();
    }

    /** A token that is an id, not a word: a hex string of 8 or more characters with digits in it. */
    private static boolean isVarying(String token) {
        return token.length() >= 8 && token.chars().anyMatch(Character::isDigit)
                && token.toLowerCase(Locale.ROOT).chars().allMatch(c -> Character.isDigit(c) || c >= 'a' && c <= 'f');
    }

    private static String digitsToHash(String token) {
        return token.replaceAll("\\d+", "#");
    }

    /**
     * The frame where the thread's own work begins: the bottom-most frame that is not thread plumbing
     * ({@code Thread.run}, {@code VirtualThread.run}, the hidden lambda frames {@code Thread.print} shows), or
     * {@code null} for an empty stack.
     */
    static StackTraceElement entry(List<StackTraceElement> stack) {
        for (int i = stack.size() - 1; i >= 0; i--) {
            StackTraceElement e = stack.get(i);
            if (!PLUMBING.contains(e.getClassName() + "." + e.getMethodName())
                    && !e.getClassName().contains("$$Lambda")) {
                return e;
            }
        }
        return stack.isEmpty() ? null : stack.get(stack.size() - 1);
    }

    /**
     * The frame that best names the group to a person: the bottom-most frame outside the JDK (the application code
     * the thread was started to run), else the entry frame, else {@code null}.
     */
    static StackTraceElement representative(List<StackTraceElement> stack) {
        for (int i = stack.size() - 1; i >= 0; i--) {
            StackTraceElement e = stack.get(i);
            if (!isJdk(e.getClassName()) && !e.getClassName().contains("$$Lambda")) {
                return e;
            }
        }
        return entry(stack);
    }

    static boolean isJdk(String className) {
        for (String prefix : JDK) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** {@code namePattern @ class.method} of the entry frame: line numbers left out, they move as the thread runs. */
    static String key(DumpedThread t) {
        StackTraceElement entry = entry(t.stack());
        return namePattern(t.name()) + " @ "
                + (entry == null ? "<no stack>" : entry.getClassName() + "." + entry.getMethodName());
    }
}
