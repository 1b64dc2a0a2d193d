package io.threadstorm.record;

/**
 * What the agent keeps per started thread while it runs: the thread, its site, who started it and when. About
 * 40 bytes, plus the entry in {@link LiveThreads}; dropped when the thread exits.
 */
public final class TrackedThread {

    /** The parent id of a thread whose start was counted but not recorded: who started it is not known. */
    public static final long UNKNOWN = -1;

    private final Thread thread;
    private final Site site;
    private final long parentId;
    private final long startMillis;
    private volatile ExecutorRecord owner;
    /** The tag ({@code bootstrap.Context}) this thread got at its start: its starter's, or its pool's. */
    private volatile String context;
    /** The tag of the task it runs now, when that task was tagged. */
    private volatile ContextTags.Tagged running;

    TrackedThread(Thread thread, Site site, long parentId, long startMillis, ExecutorRecord owner) {
        this.thread = thread;
        this.site = site;
        this.parentId = parentId;
        this.startMillis = startMillis;
        this.owner = owner;
    }

    /** The thread. */
    public Thread get() {
        return thread;
    }

    public Site site() {
        return site;
    }

    /** The JVM's id of the thread, whatever its class overrides ({@link SafeThreads#id}). */
    public long id() {
        return SafeThreads.id(thread);
    }

    /** The id of the thread that started this one, or {@link #UNKNOWN}. */
    public long parentId() {
        return parentId;
    }

    public long startMillis() {
        return startMillis;
    }

    /** The executor or timer that started this thread, or {@code null}. */
    public ExecutorRecord owner() {
        return owner;
    }

    void owner(ExecutorRecord timer) {
        this.owner = timer;
    }

    /** The tag it works under now: its task's, else its own; {@code null} when untagged. */
    public String context() {
        ContextTags.Tagged task = running;
        return task != null ? task.tag() : context;
    }

    /** Where the tagged task it runs now was handed to its executor, or {@code null}. */
    public Site taskSite() {
        ContextTags.Tagged task = running;
        return task == null ? null : task.site();
    }

    /** The tag it got at its start. */
    String ownContext() {
        return context;
    }

    void context(String tag) {
        this.context = tag;
    }

    void running(ContextTags.Tagged tag) {
        this.running = tag;
    }
}
