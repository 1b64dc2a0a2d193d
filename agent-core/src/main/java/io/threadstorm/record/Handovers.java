package io.threadstorm.record;

import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Tagged tasks handed to a {@code ThreadPoolExecutor} that no worker has started yet. Between the moment a worker
 * takes such a task (a {@code SynchronousQueue}'s direct hand-off, or a queue's {@code poll}) and the moment its
 * {@code getTask} returns it, no thread carries the task's tag, although {@code execute} has returned: a check that
 * looks then must know that the tag's work is still being handed over ({@link #inFlight}). Empty, and never touched,
 * while no thread was tagged; bounded: when full, a hand-off goes unlisted.
 */
final class Handovers {

    /** Hand-overs kept at most; each lives from a submit to its start, microseconds as a rule. */
    static final int MAX = 4096;

    /** One tagged task handed to a pool. Identity counts: two submits of one line are two hand-overs. */
    static final class Handover {
        final String tag;
        private final WeakReference<Object> task;
        private final WeakReference<Object> pool;

        private Handover(String tag, Object task, Object pool) {
            this.tag = tag;
            this.task = new WeakReference<>(task);
            this.pool = new WeakReference<>(pool);
        }
    }

    /** Hand-overs refused for want of room between two drops of the dead ones ({@link #drop}). */
    static final int DROP_EVERY = 1024;

    private final Set<Handover> pending = ConcurrentHashMap.newKeySet();
    private int refused;

    /** Notes that {@code task} was handed to {@code pool} under {@code tag}; {@code null} when full. */
    Handover handOver(Object pool, Object task, String tag) {
        if (pending.size() >= MAX && (++refused % DROP_EVERY != 0 || !drop())) {
            return null; // full of tasks that never started (queued behind busy workers): this one goes unlisted
        }
        Handover h = new Handover(tag, task, pool);
        pending.add(h);
        return h;
    }

    /** Drops the hand-overs that can never start (collected tasks, terminated pools); true when room was made. */
    private boolean drop() {
        pending.removeIf(Handovers::dead);
        return pending.size() < MAX;
    }

    private static boolean dead(Handover h) {
        return h.task.get() == null || !(h.pool.get() instanceof ThreadPoolExecutor p) || p.isTerminated();
    }

    /** A worker started the task, its pool rejected it, or it was handed over again: it is no longer in flight. */
    void done(Handover h) {
        if (h != null) {
            pending.remove(h);
        }
    }

    /**
     * The tags of tasks a worker has taken, or is being handed, but has not started: each one handed over and not
     * started that is no longer in its pool's queue (a queued task is no thread's yet). Read before listing the threads:
     * a worker marks its record first and the hand-over done after, so a hand-over not seen here is seen on the thread.
     */
    Set<String> inFlight() {
        Set<String> out = new TreeSet<>();
        if (pending.isEmpty()) {
            return out;
        }
        for (Iterator<Handover> it = pending.iterator(); it.hasNext(); ) {
            Handover h = it.next();
            Object task = h.task.get();
            if (task == null || !(h.pool.get() instanceof ThreadPoolExecutor p) || p.isTerminated()) {
                it.remove(); // it will never start
                continue;
            }
            try {
                if (!p.getQueue().contains(task)) {
                    out.add(h.tag);
                }
            } catch (RuntimeException e) {
                out.add(h.tag); // a queue that cannot tell: count it as in flight, the check waits its grace at most
            }
        }
        return out;
    }
}
