package io.threadstorm.record;

import java.lang.ref.WeakReference;

/**
 * What the agent keeps per started thread: a weak reference (it never keeps a thread alive), its site,
 * who started it and when. About 60 bytes each.
 */
public final class TrackedThread extends WeakReference<Thread> {

    private final Site site;
    private final long id;
    private final long parentId;
    private final long startMillis;
    private volatile Owner owner;
    volatile TrackedThread next;

    TrackedThread(Thread thread, Site site, long parentId, long startMillis, Owner owner) {
        super(thread);
        this.site = site;
        this.id = thread.getId();
        this.parentId = parentId;
        this.startMillis = startMillis;
        this.owner = owner;
    }

    public Site site() {
        return site;
    }

    public long id() {
        return id;
    }

    public long parentId() {
        return parentId;
    }

    public long startMillis() {
        return startMillis;
    }

    /** The executor or timer that started this thread, or {@code null}. */
    public Owner owner() {
        return owner;
    }

    void owner(Owner timer) {
        this.owner = timer;
    }
}
