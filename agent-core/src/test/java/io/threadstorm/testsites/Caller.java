package io.threadstorm.testsites;

import io.threadstorm.record.StackCapture;
import java.util.function.LongPredicate;

/** Application code for tests: walks from two known lines, outside the agent's packages. */
public final class Caller {

    private Caller() {
    }

    public static StackCapture.Walk lineA(StackCapture capture) {
        return capture.walk(1);
    }

    public static StackCapture.Walk salted(StackCapture capture, long salt) {
        return capture.walk(salt);
    }

    /** One creation line reached from two request paths that differ only below its two nearest callers. */
    public static StackCapture.Walk fromPathA(StackCapture capture, LongPredicate known) {
        return common2(capture, known);
    }

    public static StackCapture.Walk fromPathB(StackCapture capture, LongPredicate known) {
        return common2(capture, known);
    }

    private static StackCapture.Walk common2(StackCapture capture, LongPredicate known) {
        return common1(capture, known);
    }

    private static StackCapture.Walk common1(StackCapture capture, LongPredicate known) {
        return start(capture, known);
    }

    private static StackCapture.Walk start(StackCapture capture, LongPredicate known) {
        return capture.walk(1, known);
    }

    public static StackCapture.Walk lineB(StackCapture capture) {
        return capture.walk(1);
    }
}
