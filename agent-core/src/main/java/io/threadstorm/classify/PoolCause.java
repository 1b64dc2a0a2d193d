package io.threadstorm.classify;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Idle workers of pools created per call and never shut down: JDK executors and the event loops of libraries that
 * wrap them, and the threads a library call started that idle inside the library (the classifier reads those so).
 */
final class PoolCause extends CauseUnit {

    @Override
    Category category() {
        return Category.POOL_NEVER_SHUTDOWN;
    }

    /** An idle pool: a scheduled pool with an empty queue, an executor's or event loop's wait for a task. */
    @Override
    List<WaitRule> rules() {
        return List.of(
                WaitRule.of(Category.POOL_NEVER_SHUTDOWN, WaitRule.LOOP,
                        "ScheduledThreadPoolExecutor$DelayedWorkQueue.take", TimerCause.DELAYED_WORK_QUEUE_TAKE)
                        .when(WaitRule.Timing.UNTIMED),
                WaitRule.of(Category.POOL_NEVER_SHUTDOWN, WaitRule.LOOP, "ThreadPoolExecutor.getTask",
                        "java.util.concurrent.ThreadPoolExecutor.getTask"),
                WaitRule.of(Category.POOL_NEVER_SHUTDOWN, WaitRule.LOOP, "ForkJoinPool.awaitWork",
                        "java.util.concurrent.ForkJoinPool.awaitWork"),
                WaitRule.of(Category.POOL_NEVER_SHUTDOWN, WaitRule.LOOP, "a Netty event loop waiting for events",
                        "io.netty.util.concurrent.SingleThreadEventExecutor.takeTask",
                        "io.netty.channel.nio.NioEventLoop.run", "io.netty.channel.nio.NioEventLoop.select",
                        "io.netty.channel.epoll.EpollEventLoop.run", "io.netty.channel.epoll.EpollEventLoop.epollWait*",
                        "io.netty.channel.kqueue.KQueueEventLoop.run",
                        "io.netty.channel.kqueue.KQueueEventLoop.kqueueWait*"));
    }

    /**
     * Many pools created and none shut down is the signature; one pool is a shared pool, idle by design; pools known
     * only by their threads' names count less; workers waiting out a keep-alive end on their own.
     */
    @Override
    double strength(SiteReading r) {
        SiteFacts f = r.facts();
        if (f.poolsCreated() == 0 && (r.byLibraryCall()
                || "dump".equals(f.kind()) && LibraryHints.runOnlyLibraryCode(r))) {
            return 0.85; // a library started them and they idle inside the library
        }
        double strength;
        if (f.poolsCreated() >= 2) {
            strength = f.poolsShutDown() == 0 ? 0.95 : 0.85;
        } else if (f.poolsCreated() == 1) {
            strength = 0.35; // one shared idle pool is not a leak by itself
        } else {
            strength = r.poolsNamed().size() >= 2 ? 0.8 : 0.6;
        }
        return r.allTimed() ? strength * 0.85 : strength; // keep-alive: idle workers end on their own
    }

    @Override
    void evidence(SiteReading r, List<String> out) {
        SiteFacts f = r.facts();
        if (r.byLibraryCall() && f.poolsCreated() == 0) {
            out.add("The threads were started inside " + f.libraryCall() + ", which the application calls at "
                    + f.frame() + ": they belong to what that call built (a pool, scheduler or client of the"
                    + " library).");
            out.add(r.counted("wait", "waits") + " in " + r.label() + " inside the library, running none of the"
                    + " application's code: idle threads of that object, which nobody closed.");
            return;
        }
        String where = f.poolCreationFrame() != null ? f.poolCreationFrame()
                : f.frame() != null ? f.frame() : "this site";
        if (f.poolsCreated() >= 2) {
            out.add(String.format(Locale.ROOT, "%d pools created at %s, %s: the signature of a pool created per call"
                    + " and never shut down.", f.poolsCreated(), where, shutDown(f.poolsShutDown())));
        } else if (f.poolsCreated() == 1) {
            out.add("Only one executor was created at " + where
                    + (f.poolsShutDown() > 0 ? ", and it was shut down" : "")
                    + ": the idle workers of one shared pool are not a leak by themselves.");
        } else {
            Set<String> pools = r.poolsNamed();
            if (pools.size() >= 2) {
                out.add("The example threads belong to " + pools.size() + " different pools (" + first(pools, 4)
                        + "): pools keep being created.");
            }
        }
        out.add(r.counted("are idle pool workers", "is an idle pool worker") + " waiting in " + r.label()
                + ", running no task.");
        if (r.allTimed()) {
            out.add("They wait with a keep-alive timeout (TIMED_WAITING), so idle workers end on their own after it;"
                    + " the count stays high only while new pools keep coming.");
        }
    }

    @Override
    String genericFix() {
        return "Shut down each executor when the work it was created for ends (shutdown() in a finally block), or"
                + " create one executor and share it.";
    }

    @Override
    boolean libraryObjectOwns(SiteReading r) {
        return true;
    }

    @Override
    String fix(SiteReading r, String at) {
        SiteFacts f = r.facts();
        // a dump's frame is where the workers' work begins, not where their pool was created
        String where = SiteReading.firstKnown(f.poolCreationFrame(), "dump".equals(f.kind()) ? null : f.frame());
        if (where != null && f.poolsCreated() == 1) {
            return "If the executor created at " + where + " is shared, its idle workers are not a leak (cap its size"
                    + " if it keeps growing); if it is created per call, shut it down when the call ends.";
        }
        return where == null ? genericFix()
                : "Shut down the executor created at " + where + " when the work it was created for ends"
                + " (shutdown() in a finally block), or create it once and share it.";
    }

    static String shutDown(int n) {
        return n == 0 ? "none shut down" : n + " shut down";
    }

    private static String first(Set<String> items, int n) {
        return String.join(", ", items.stream().limit(n).toList()) + (items.size() > n ? ", ..." : "");
    }
}
