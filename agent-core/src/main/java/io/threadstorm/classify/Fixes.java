package io.threadstorm.classify;

import java.util.EnumMap;
import java.util.Map;

/** What to change for each cause: a generic sentence per category, and one that names the site's frames. */
final class Fixes {

    private static final Map<Category, String> GENERIC = new EnumMap<>(Category.class);

    static {
        GENERIC.put(Category.QUEUE_HANDOFF, "Give every blocking put/take a peer or a way out: stop the consumer when"
                + " the producer is done (a poison pill or interrupt()), or use poll/offer with a timeout.");
        GENERIC.put(Category.POOL_NEVER_SHUTDOWN, "Shut down each executor when the work it was created for ends"
                + " (shutdown() in a finally block), or create one executor and share it.");
        GENERIC.put(Category.LATCH_NEVER_RELEASED, "Release the latch, barrier, phaser or semaphore on every path,"
                + " failures included (countDown()/release() in a finally block), or await with a timeout.");
        GENERIC.put(Category.TIMER_NEVER_CANCELLED, "Cancel each Timer (cancel()) or shut down each scheduled executor"
                + " when its owner is closed, or share one scheduler instead of one per call.");
        GENERIC.put(Category.FUTURE_NEVER_COMPLETED, "Complete every future on every path, failures included"
                + " (completeExceptionally), or bound the wait with get(timeout) or orTimeout.");
        GENERIC.put(Category.DEADLOCK, "Take the locks in one global order (or use tryLock with a timeout), so no"
                + " thread holds one lock while it waits for another.");
        GENERIC.put(Category.LOCK_CONTENTION, "Do not hold the lock while doing slow work (I/O, sleeping, waiting):"
                + " shorten the critical section, or use tryLock with a timeout.");
        GENERIC.put(Category.SLEEPING, "Give the sleeping loop an end: check a stop flag or interruption each round"
                + " and stop it when its owner is closed, or run it on a shared scheduler that is shut down.");
        GENERIC.put(Category.BLOCKING_IO, "Set timeouts on network calls (Socket.setSoTimeout, the client's read and"
                + " connect timeouts, HttpClient request timeouts) and close sockets when their owner is done.");
        GENERIC.put(Category.BUSY_SPIN, "Wait on a queue, latch or condition instead of polling in a loop, or back"
                + " off between checks, and give the loop an exit condition.");
        GENERIC.put(Category.WAITING, "Make whatever should wake the waiting threads (notify, unpark, signal) happen"
                + " on every path, or wait with a timeout and re-check the condition.");
        GENERIC.put(Category.UNKNOWN, "Read the example stacks: no known wait pattern matched.");
    }

    private Fixes() {
    }

    static String fixFor(Category c) {
        return GENERIC.get(c == null ? Category.UNKNOWN : c);
    }

    /** The fix for the site, naming the frame to change, plus library advice when the threads belong to one. */
    static String fix(SiteReading r) {
        String main = specific(r);
        String advice = r.category() == null ? null : LibraryHints.adviceFor(r);
        return advice == null ? main : main + " " + advice;
    }

    private static String specific(SiteReading r) {
        SiteFacts f = r.facts();
        String at = JdkFrames.text(r.waitingAt());
        if (r.category() == null || at == null) {
            return fixFor(r.category());
        }
        if (r.byLibraryCall() && f.poolsCreated() == 0
                && (r.category() == Category.POOL_NEVER_SHUTDOWN || r.category() == Category.TIMER_NEVER_CANCELLED
                || r.category() == Category.BLOCKING_IO && r.agreeing().stream().allMatch(w -> w.caller() == null))) {
            return "These threads were started inside " + f.libraryCallShort() + ", called at " + f.frame() + ": they"
                    + " belong to a library object (a client, pool, scheduler or event-loop group) that the code there"
                    + " creates or uses per call and never closes. Create it once and share it, or close it when the"
                    + " call ends (close(), shutdown(), stop() or dispose(), whichever it offers, in a finally block).";
        }
        String label = r.label();
        switch (r.category()) {
            case QUEUE_HANDOFF:
                if (allTimed(r)) {
                    return "The threads wait in " + label + " at " + at + " with a timeout and then wait again: the"
                            + " loop around it has no end. Give it one (a stop flag checked after each timeout,"
                            + " interrupt(), or shutting down its owner) and stop it when the other side is done.";
                }
                return "Give the " + label + " at " + at + " a peer or a way out: stop this consumer or producer when"
                        + " the other side is done (a poison pill, interrupt(), or shutting down its owner), or use"
                        + " poll/offer with a timeout.";
            case POOL_NEVER_SHUTDOWN: {
                // a dump's frame is where the workers' work begins, not where their pool was created
                String where = firstKnown(f.poolCreationFrame(), "dump".equals(f.kind()) ? null : f.frame());
                if (where != null && f.poolsCreated() == 1) {
                    return "If the executor created at " + where + " is shared, its idle workers are not a leak (cap"
                            + " its size if it keeps growing); if it is created per call, shut it down when the call"
                            + " ends.";
                }
                return where == null ? fixFor(r.category())
                        : "Shut down the executor created at " + where + " when the work it was created for ends"
                        + " (shutdown() in a finally block), or create it once and share it.";
            }
            case LATCH_NEVER_RELEASED:
                return "Release what the threads wait for in " + label + " at " + at + " on every path, failures"
                        + " included (countDown()/release()/arrive() in a finally block), or await with a timeout.";
            case TIMER_NEVER_CANCELLED: {
                boolean timer = r.javaUtilTimer();
                String where = firstKnown(timer ? null : f.poolCreationFrame(), f.frame());
                String created = where == null ? "" : " created at " + where;
                return timer
                        ? "Cancel the java.util.Timer" + created + " (timer.cancel()) when its owner is closed, or"
                        + " share one scheduler instead of a Timer per call."
                        : "Shut down the scheduled executor" + created + " when its owner is closed (and cancel its"
                        + " ScheduledFutures), or share one scheduler instead of one per call.";
            }
            case FUTURE_NEVER_COMPLETED:
                return f.futureCreationFrame() != null
                        ? "Complete the futures created at " + f.futureCreationFrame() + " on every path, failures"
                        + " included (completeExceptionally), or bound the wait at " + at
                        + " with get(timeout) or orTimeout."
                        : "Make sure the future awaited at " + at + " is completed on every path, failures included,"
                        + " or bound the wait with get(timeout) or orTimeout.";
            case LOCK_CONTENTION: {
                String owner = Evidence.ownerName(r);
                return (owner == null ? "Find the thread that holds the lock" : "Shorten what \"" + owner
                        + "\" does while holding the lock") + " (no I/O, sleeping or waiting inside it), or take it"
                        + " with tryLock and a timeout at " + at + ".";
            }
            case SLEEPING:
                return "Give the loop that sleeps at " + at + " an end: check a stop flag or interruption each round"
                        + " and stop it when its owner is closed, or run it on a shared scheduler that is shut down.";
            case BLOCKING_IO:
                // a client's own I/O thread (an HttpClient selector) has no application frame: name where it started
                if (timedSocketWait(r)) {
                    return "The socket call at " + at + " already has a timeout (SO_TIMEOUT), yet the threads stay:"
                            + " the code around it calls again after each timeout, or the peer keeps answering slowly."
                            + " Close the socket when its owner is done and bound how long a connection may stay idle.";
                }
                return ioFix(label, at, r.agreeing().stream().allMatch(w -> w.caller() == null) ? f.frame() : null,
                        "dump".equals(f.kind()));
            case BUSY_SPIN:
                return "The loop at " + at + " runs without blocking: wait on a queue, latch or condition instead of"
                        + " polling, or back off between checks, and give it an exit condition.";
            case WAITING:
                return "Find what should wake the threads waiting in " + label + " at " + at + " (notify, unpark,"
                        + " signal) and make it happen on every path, or wait with a timeout and re-check.";
            default:
                return fixFor(r.category());
        }
    }

    /**
     * @param startedAt where the threads were started when their stacks show no application frame, else null
     * @param dump      the frame is where a dumped thread's work begins, not where it was started
     */
    private static String ioFix(String label, String at, String startedAt, boolean dump) {
        String l = label.toLowerCase(java.util.Locale.ROOT);
        if (l.contains("select") || l.contains("poll") && !l.contains("socket")) {
            return startedAt != null
                    ? "Close the client or selector whose thread " + (dump ? "runs " : "is started at ") + startedAt
                    + " when its owner is done (each open client keeps its own selector thread), or create one"
                    + " client and share it."
                    : "Close the selector or client whose event loop waits at " + at + " when its owner is done"
                    + " (each open client keeps its own selector thread), or share one client.";
        }
        if (l.contains("accept")) {
            return "Close the server socket that accepts at " + at + " when its owner stops, or give accept() a"
                    + " timeout (ServerSocket.setSoTimeout).";
        }
        if (l.contains("watch")) {
            return "Close the WatchService taken from at " + at + " when its owner is done, or poll it with a timeout.";
        }
        return "Set a read timeout for the call at " + at + " (Socket.setSoTimeout, the client's read and connect"
                + " timeouts, HttpClient request timeouts) or close the socket when its owner is done.";
    }

    /** True when every agreeing thread waits with a timeout ({@code poll(timeout)}, {@code awaitNanos}). */
    private static boolean allTimed(SiteReading r) {
        return !r.agreeing().isEmpty()
                && r.agreeing().stream().allMatch(w -> w.sample().state() == Thread.State.TIMED_WAITING);
    }

    /** True when the agreeing threads wait in a socket call that has a timeout ({@code NioSocketImpl.timedRead}). */
    private static boolean timedSocketWait(SiteReading r) {
        return !r.agreeing().isEmpty() && r.agreeing().stream().allMatch(w -> w.sample().stack().stream()
                .anyMatch(e -> e.getClassName().equals("sun.nio.ch.NioSocketImpl")
                        && e.getMethodName().startsWith("timed")));
    }

    private static String firstKnown(String... frames) {
        for (String f : frames) {
            if (f != null && !f.isEmpty()) {
                return f;
            }
        }
        return null;
    }
}
