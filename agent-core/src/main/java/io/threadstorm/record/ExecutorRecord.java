package io.threadstorm.record;

import java.lang.ref.WeakReference;

/**
 * An executor or {@code java.util.Timer}, weakly held, with its creation site and whether it was shut down
 * (or cancelled). Pool workers and timer threads point to their owner, so a site can tell how many pools
 * its threads belong to and how many of them were shut down: the signature of a pool per request.
 */
public final class ExecutorRecord extends WeakReference<Object> {

    private final Site site;
    /** A sampled submit walks the stack at most this often per executor: one line is evidence enough. */
    static final long SUBMIT_WALK_MILLIS = 1000;

    private volatile boolean shutDown;
    private volatile Site lastSubmitSite;
    private volatile Site workerSite;
    private volatile long lastSubmitWalkMillis;
    /** The tag ({@code bootstrap.Context}) of the thread that created the executor: its workers' tag. */
    private volatile String context;

    ExecutorRecord(Object executor, Site site) {
        super(executor);
        this.site = site;
    }

    /** Where the executor or timer was created; {@code null} when it predates the agent. */
    public Site site() {
        return site;
    }

    public boolean shutDown() {
        return shutDown;
    }

    /** Marks it shut down; true the first time only. */
    boolean markShutDown() {
        if (shutDown) {
            return false;
        }
        shutDown = true;
        return true;
    }

    private long completedTasks = -1;
    private long progressMillis;
    private long firstReadMillis;
    private long periodicSeenMillis;
    private long activeSeenMillis;

    /**
     * Reads how many tasks a {@code ThreadPoolExecutor} has completed and returns when that number last moved
     * ({@code 0} if never seen moving, or not a ThreadPoolExecutor). Also notes whether the next task of a scheduled
     * pool is one of its own periodic ones ({@link #periodicSeenMillis()}). Called by the sampler only.
     */
    public synchronized long lastProgressMillis(long now) {
        if (firstReadMillis == 0) {
            firstReadMillis = now;
        }
        if (get() instanceof java.util.concurrent.ThreadPoolExecutor pool) {
            long done = pool.getCompletedTaskCount();
            if (completedTasks >= 0 && done != completedTasks) {
                progressMillis = now;
            }
            completedTasks = done;
            if (pool.getActiveCount() > 0) {
                activeSeenMillis = now; // a worker is running a task right now
            }
            if (pool instanceof java.util.concurrent.ScheduledThreadPoolExecutor
                    && pool.getQueue().peek() instanceof java.util.concurrent.RunnableScheduledFuture<?> next
                    && next.isPeriodic()) {
                periodicSeenMillis = now; // peek: the head only, under the queue's lock for a moment
            }
        }
        return progressMillis;
    }

    /**
     * When a sample last found one of the pool's workers running a task ({@code 0}: never). A pool that completes
     * tasks yet is never seen running one only runs ticks: a timer's callbacks, not a load.
     */
    public synchronized long activeSeenMillis() {
        return activeSeenMillis;
    }

    /** When the sampler first read this executor's progress ({@code 0}: never). */
    public synchronized long firstReadMillis() {
        return firstReadMillis;
    }

    /**
     * When a sample last found a periodic task of the pool's own at the head of its queue ({@code 0}: never). Such a
     * pool completes tasks forever whether anyone uses it or not: its completed count says nothing of its callers.
     */
    public synchronized long periodicSeenMillis() {
        return periodicSeenMillis;
    }

    /**
     * The site of this pool's workers: the first worker's start site, which every later worker joins. Without it
     * one pool's workers would spread over several sites: core and extra workers start from different lines of
     * {@code ThreadPoolExecutor.execute}, and workers that the pool starts from its own threads (a scheduled
     * pool re-queueing a periodic task, a fork-join worker waking another) have no application frame at all.
     */
    Site workerSite(java.util.function.Supplier<Site> first) {
        Site s = workerSite;
        if (s == null) {
            s = first.get();
            workerSite = s;
        }
        return s;
    }

    /** The last sampled site that submitted tasks to it, or {@code null}. */
    public Site lastSubmitSite() {
        return lastSubmitSite;
    }

    /**
     * True when a sampled submit should walk its stack now: at most once per {@link #SUBMIT_WALK_MILLIS} per
     * executor, so that a busy shared pool pays for no walks at all in the long run. Racing submits may both walk.
     */
    boolean submitWalkDue(long now) {
        if (now - lastSubmitWalkMillis < SUBMIT_WALK_MILLIS) {
            return false;
        }
        lastSubmitWalkMillis = now;
        return true;
    }

    void submittedFrom(Site s) {
        lastSubmitSite = s;
    }

    /** The tag its creator had, which its workers take; {@code null} when none. */
    String context() {
        return context;
    }

    void context(String tag) {
        this.context = tag;
    }
}
