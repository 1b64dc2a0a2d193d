package io.threadstorm.sample;

import java.util.List;

/** Recognizes a pool worker with nothing to do: parked waiting for its next task, no application frame running. */
final class IdleWorkers {

    private IdleWorkers() {
    }

    static boolean isIdleWorker(List<StackTraceElement> stack) {
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            String m = e.getMethodName();
            if (c.equals("java.util.concurrent.ThreadPoolExecutor") && m.equals("getTask")
                    || c.equals("java.util.concurrent.ForkJoinPool") && m.equals("awaitWork")
                    || c.equals("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue") && m.equals("take")) {
                return true;
            }
            if (c.equals("java.util.concurrent.ThreadPoolExecutor$Worker") && m.equals("run")) {
                return false; // reached the worker's root without passing a task-fetching frame
            }
        }
        return false;
    }
}
