package io.threadstorm.record;

/**
 * The tags ({@code bootstrap.Context}) of tasks created or submitted under one, weakly held: a pool's worker that
 * takes such a task works under its tag until it is done with it. Empty, and never touched, while no thread was
 * tagged. Bounded: when full, a task goes untagged until collected ones are dropped.
 */
final class ContextTags {

    /** Puts between two drops of collected tasks. */
    private static final int DRAIN_EVERY = 1024;

    /**
     * A task's tag and, for a task handed to an executor, where it was handed over.
     *
     * @param tag      the tag
     * @param site     the submit's site, or {@code null}
     * @param handover its hand-over to a {@code ThreadPoolExecutor} until a worker starts it ({@link Handovers}), or
     *                 {@code null}
     */
    record Tagged(String tag, Site site, Handovers.Handover handover) {

        Tagged(String tag, Site site) {
            this(tag, site, null);
        }
    }

    private final WeakIdentityMap<Tagged> tags;
    private int puts;

    ContextTags(int capacity) {
        this.tags = new WeakIdentityMap<>(capacity);
    }

    /**
     * Tags the task; the latest tag wins: one task object may be handed over many times (a method reference that
     * captures nothing is a single object), each time for the work of whoever hands it over. False when full: the task
     * goes untagged.
     */
    boolean tag(Object task, Tagged tag) {
        if (++puts % DRAIN_EVERY == 0) {
            tags.drainCollected();
        }
        tags.remove(task);
        if (tags.putIfAbsent(task, tag) == null) {
            tags.drainCollected(); // full: drop the collected tasks and try once more
            return tags.putIfAbsent(task, tag) != null;
        }
        return true;
    }

    /** The task's tag, or {@code null}. */
    Tagged of(Object task) {
        return task == null ? null : tags.get(task);
    }
}
