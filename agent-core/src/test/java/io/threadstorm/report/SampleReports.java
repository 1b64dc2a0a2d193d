package io.threadstorm.report;

import io.threadstorm.classify.Category;
import io.threadstorm.classify.Cause;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Realistic reports for the tests: every field populated, several suspects, threads alive at exit. */
final class SampleReports {

    static final String VERDICT = "370 threads leak from com.acme.ReportDao.runReport: "
            + "a thread pool is created per call and never shut down.";

    private SampleReports() {
    }

    /** An exit report with three suspects and two groups alive at exit. */
    static Report exitReport() {
        return new Report(Report.SCHEMA, "exit", "2026-11-26T10:15:30Z",
                new Report.Jvm(4242, "17.0.15", 95.2),
                new Report.Summary(412, 3, 38, 9, VERDICT),
                List.of(poolSuspect(), latchSuspect(), futureSuspect()),
                List.of(
                        new Report.AliveGroup(
                                new Report.Site("0123456789abcdef", "executor",
                                        "com.acme.Scheduler.<init>(Scheduler.java:22)",
                                        List.of("java.base/java.util.concurrent.Executors.newScheduledThreadPool(Executors.java:138)",
                                                "com.acme.Scheduler.<init>(Scheduler.java:22)",
                                                "com.acme.Main.main(Main.java:9)")),
                                2, states("TIMED_WAITING", 2),
                                List.of(thread(30, "scheduler-1", "TIMED_WAITING", 95.0,
                                        "java.base/jdk.internal.misc.Unsafe.park(Native Method)"))),
                        new Report.AliveGroup(
                                new Report.Site("fedcba9876543210", "platform",
                                        "com.acme.Metrics.start(Metrics.java:40)",
                                        List.of("java.base/java.lang.Thread.start(Thread.java:809)",
                                                "com.acme.Metrics.start(Metrics.java:40)")),
                                1, states("RUNNABLE", 1),
                                List.of(thread(31, "metrics|push", "RUNNABLE", 94.1,
                                        "java.base/sun.nio.ch.Net.poll(Native Method)")))));
    }

    /** A surge report in which no site meets the leak rule. */
    static Report noLeakReport() {
        return new Report(Report.SCHEMA, "on-demand", "2026-11-26T10:15:30.250Z",
                new Report.Jvm(4242, "21.0.5", 3600.0),
                new Report.Summary(40, 0, 38, 9, "No thread leak found: 40 live threads, close to the baseline of 38."),
                List.of(), List.of());
    }

    static Report.Suspect poolSuspect() {
        return new Report.Suspect(1,
                new Report.Site("9f2c0a51d3e4b6a7", "platform", "com.acme.ReportDao.runReport(ReportDao.java:16)",
                        stack(40, "com.acme.ReportDao.runReport(ReportDao.java:16)")),
                370, 370, 0, 240.0, states("WAITING", 370), 1.0, new Report.Ages(51.0, 92.4),
                new Cause(Category.POOL_NEVER_SHUTDOWN, 0.9,
                        "java.base/java.util.concurrent.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1062)",
                        List.of("370 pools created at ReportDao.java:16, none shut down",
                                "every worker idles in ThreadPoolExecutor.getTask"),
                        "Create the pool once and reuse it, or call shutdown() when runReport returns."),
                List.of(thread(81, "pool-12-thread-1", "WAITING", 92.4,
                                "java.base/jdk.internal.misc.Unsafe.park(Native Method)",
                                "java.base/java.util.concurrent.locks.LockSupport.park(LockSupport.java:341)",
                                "java.base/java.util.concurrent.LinkedBlockingQueue.take(LinkedBlockingQueue.java:435)",
                                "java.base/java.util.concurrent.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1062)",
                                "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1122)",
                                "java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)",
                                "java.base/java.lang.Thread.run(Thread.java:840)"),
                        thread(85, "pool-13-thread-1", "WAITING", 91.0,
                                "java.base/jdk.internal.misc.Unsafe.park(Native Method)"),
                        thread(90, "pool-14-thread-1", "WAITING", 90.2,
                                "java.base/jdk.internal.misc.Unsafe.park(Native Method)"),
                        thread(95, "pool-15-thread-1", "WAITING", 89.9,
                                "java.base/jdk.internal.misc.Unsafe.park(Native Method)")));
    }

    static Report.Suspect latchSuspect() {
        Map<String, Integer> states = new LinkedHashMap<>();
        states.put("WAITING", 20);
        states.put("TIMED_WAITING", 4);
        return new Report.Suspect(2,
                new Report.Site("1111222233334444", "virtual", "com.acme.Batch.await(Batch.java:77)",
                        stack(5, "com.acme.Batch.await(Batch.java:77)")),
                24, 30, 6, 12.5, states, 1.0, new Report.Ages(120.0, 300.0),
                new Cause(Category.LATCH_NEVER_RELEASED, 0.75,
                        "java.base/java.util.concurrent.CountDownLatch.await(CountDownLatch.java:230)",
                        List.of("24 threads wait on a CountDownLatch created at Batch.java:70 | nobody counts it down"),
                        "Count the latch down in a finally block, or await with a timeout."),
                List.of(thread(200, "batch-`1`", "WAITING", 300.0,
                        "java.base/java.util.concurrent.CountDownLatch.await(CountDownLatch.java:230)")));
    }

    static Report.Suspect futureSuspect() {
        return new Report.Suspect(3,
                new Report.Site("aaaabbbbccccdddd", "future", "com.acme.Client.call(Client.java:55)",
                        stack(3, "com.acme.Client.call(Client.java:55)")),
                12, 12, 0, 6.0, states("WAITING", 12), 0.92, new Report.Ages(95.5, 110.0),
                new Cause(Category.FUTURE_NEVER_COMPLETED, 0.6, null,
                        List.of("12 threads join futures created at Client.java:50, 12 still pending"),
                        "Complete the future on every path, including errors."),
                List.of());
    }

    static Report.ExampleThread thread(long id, String name, String state, double age, String... stack) {
        return new Report.ExampleThread(id, name, state, age, List.of(stack));
    }

    static Map<String, Integer> states(String state, int count) {
        return Map.of(state, count);
    }

    /** A creation stack of {@code depth} frames: {@code Thread.start}, the site, then callers down to main. */
    static List<String> stack(int depth, String site) {
        List<String> frames = new java.util.ArrayList<>();
        frames.add("java.base/java.lang.Thread.start(Thread.java:809)");
        frames.add(site);
        for (int i = frames.size(); i < depth; i++) {
            frames.add("com.acme.web.Handler.layer" + i + "(Handler.java:" + (100 + i) + ")");
        }
        return frames.subList(0, Math.min(depth, frames.size()));
    }
}
