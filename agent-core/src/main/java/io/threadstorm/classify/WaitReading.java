package io.threadstorm.classify;

import java.util.List;

/**
 * What one example thread says about its site: the cause its stack shows, the frame that shows it, and the
 * frame it waits at.
 *
 * @param sample   the thread
 * @param category the cause, or {@code null} for a thread that is running (not waiting, not spinning)
 * @param label    how evidence names the wait ({@code LinkedBlockingQueue.take}), or {@code null} when running
 * @param matched  the frame that decided the cause, or {@code null}
 * @param point    the thread's wait point
 * @param caller   the first frame below the JDK and well-known library frames: the application code that waits;
 *                 {@code null} when the stack has none (an idle pool worker)
 */
record WaitReading(ThreadSample sample, Category category, String label, StackTraceElement matched, WaitPoint point,
                   StackTraceElement caller) {

    /** Reads one thread on its own: spinning is judged as if it competed with no other runnable thread. */
    static WaitReading of(ThreadSample s) {
        return of(s, 1);
    }

    /** @param competing runnable threads competing for the cores, for telling a spin from a starved loop */
    static WaitReading of(ThreadSample s, int competing) {
        List<StackTraceElement> stack = s.stack();
        WaitPoint point = WaitPoints.of(stack);
        int end = segmentEnd(stack);
        StackTraceElement caller = firstApplicationFrame(stack, end);
        StackTraceElement top = stack.isEmpty() ? null : stack.get(0);
        if (!WaitPoints.notRunning(s, competing)) {
            return new WaitReading(s, null, null, null, point, caller); // running: no cause to read
        }
        switch (s.state()) {
            case BLOCKED: {
                // waiting to enter a synchronized block: whatever the frames, the monitor is the cause
                StackTraceElement at = caller != null ? caller : top;
                return new WaitReading(s, Category.LOCK_CONTENTION,
                        top == null ? "a monitor" : "synchronized " + JdkFrames.shortName(top), at, point, caller);
            }
            case WAITING:
            case TIMED_WAITING:
                return byRules(s, point, caller, end, Category.WAITING);
            case RUNNABLE:
                if (WaitPoints.isStuck(s)) {
                    // a known socket or selector wait is I/O; any other idle native frame is just waiting
                    return byRules(s, point, caller, end,
                            WaitPoints.isIdleNativeWait(stack) ? Category.BLOCKING_IO : Category.WAITING);
                }
                return new WaitReading(s, Category.BUSY_SPIN, top == null ? "a loop" : JdkFrames.shortName(top),
                        top, point, caller); // not stuck, yet not running: spinning
            default:
                return new WaitReading(s, null, null, null, point, caller);
        }
    }

    /** The same thread read as showing {@code other}. */
    WaitReading as(Category other) {
        return new WaitReading(sample, other, label, matched, point, caller);
    }

    /**
     * True for an idle worker of a JDK pool waiting for a task with a timeout: its keep-alive, after which the worker
     * ends on its own.
     */
    boolean endsByItself() {
        return category == Category.POOL_NEVER_SHUTDOWN && sample.state() == Thread.State.TIMED_WAITING
                && matched != null && (matched.getClassName().equals("java.util.concurrent.ThreadPoolExecutor")
                || matched.getClassName().equals("java.util.concurrent.ForkJoinPool"));
    }

    /** The frame the site's threads wait at: the application's, else the frame that decided the cause. */
    StackTraceElement waitingAt() {
        if (caller != null) {
            return caller;
        }
        if (point.appFrame() != null) {
            return point.appFrame();
        }
        return matched != null ? matched : point.primitive();
    }

    /** The best row over the frames above {@code end}: highest rank, then innermost. */
    private static WaitReading byRules(ThreadSample s, WaitPoint point, StackTraceElement caller, int end,
                                       Category fallback) {
        List<StackTraceElement> stack = s.stack();
        WaitRule best = null;
        int at = -1;
        for (int i = 0; i < end; i++) {
            WaitRule r = WaitRules.match(stack.get(i), s.state());
            if (r != null && (best == null || r.rank() > best.rank())) {
                best = r;
                at = i;
            }
        }
        if (best == null) {
            StackTraceElement e = point.primitive() != null ? point.primitive() : stack.isEmpty() ? null : stack.get(0);
            return new WaitReading(s, fallback, e == null ? "an unknown wait" : JdkFrames.shortName(e), e, point,
                    caller);
        }
        // the row matched its innermost frame (SynchronousQueue$TransferStack$SNode.block); evidence names the
        // outermost frame of the same row, the call the code made (SynchronousQueue.put), across parking frames
        for (int i = at + 1; i < end; i++) {
            StackTraceElement e = stack.get(i);
            if (best.matches(e, s.state())) {
                at = i;
            } else if (!WaitPoints.MACHINERY.matches(e)) {
                break;
            }
        }
        StackTraceElement frame = stack.get(at);
        String label = best.label() != null ? best.label() : JdkFrames.shortName(frame);
        return new WaitReading(s, best.category(), label, frame, point, caller);
    }

    /** Index of the first frame that is neither the JDK's nor a well-known library's. */
    private static int segmentEnd(List<StackTraceElement> stack) {
        for (int i = 0; i < stack.size(); i++) {
            StackTraceElement e = stack.get(i);
            if (!JdkFrames.isJdk(e) && !WaitRules.isLibrary(e)) {
                return i;
            }
        }
        return stack.size();
    }

    private static StackTraceElement firstApplicationFrame(List<StackTraceElement> stack, int from) {
        for (int i = from; i < stack.size(); i++) {
            StackTraceElement e = stack.get(i);
            if (!JdkFrames.isHidden(e) && !JdkFrames.isJdk(e)) {
                return e;
            }
        }
        return null;
    }
}
