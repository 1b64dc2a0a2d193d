package io.threadstorm.core;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Warnings that may repeat at every sample (a sample that fails, an application that keeps interrupting the agent):
 * the first {@value #SHOWN} of each kind are written, then one line says that the rest are counted, not written. A
 * broken sample every 250 ms must never fill the application's log. Kinds are fixed strings of the agent's code,
 * so the map stays small.
 */
final class Warnings {

    /** Warnings written per kind. */
    static final int SHOWN = 3;

    private final Consumer<String> out;
    private final Map<String, long[]> counts = new HashMap<>();

    /** {@code out}: where a warning line goes. */
    Warnings(Consumer<String> out) {
        this.out = out;
    }

    /** Counts a warning of {@code kind}; writes {@code message} if fewer than {@value #SHOWN} were. */
    synchronized void warn(String kind, String message) {
        long n = ++counts.computeIfAbsent(kind, k -> new long[1])[0];
        if (n <= SHOWN) {
            out.accept(message);
        }
        if (n == SHOWN) {
            out.accept("further '" + kind + "' warnings are counted, not written");
        }
    }

    /** Warnings of {@code kind} so far, written or not. */
    synchronized long count(String kind) {
        long[] n = counts.get(kind);
        return n == null ? 0 : n[0];
    }
}
