package io.threadstorm.testsites;

import io.threadstorm.record.StackCapture;

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

    public static StackCapture.Walk lineB(StackCapture capture) {
        return capture.walk(1);
    }
}
