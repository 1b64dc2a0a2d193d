package io.threadstorm.record;

import io.threadstorm.bootstrap.Context;
import io.threadstorm.bootstrap.Recorder;
import io.threadstorm.bootstrap.Sink;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Future;

/**
 * The sink the advice reports to: ties each thread, executor, timer and sampled future to its creation site.
 * Every method runs on the application's thread, inside the JDK method it instruments: it walks the stack
 * once, interns the site and links a small record; it never blocks for long and never throws (the recorder
 * swallows anything).
 */
public final class Tracker implements Sink {

    private static final long SALT_THREAD = 0x7468726561640000L;
    private static final long SALT_VIRTUAL = 0x7669727475616c00L;
    private static final long SALT_EXECUTOR = 0x6578656375746f72L;
    private static final long SALT_TIMER = 0x74696d6572000000L;
    private static final long SALT_FUTURE = 0x6675747572650000L;
    private static final long SALT_SUBMIT = 0x7375626d69740000L;

    private static final Class<?> VIRTUAL_THREAD = JdkClasses.VIRTUAL_THREAD;

    private final SiteTable sites;
    private final LiveThreads live;
    /**
     * Set once by {@link #openJdkInternals}, which may run after the recorder is installed: until then starts and
     * submits take the slow, complete way (a walk, a record).
     */
    private volatile TaskWrappers wrappers = TaskWrappers.NONE;
    /** Set with {@link #wrappers}, last: a thread that sees it sees {@link #wrappers} and the adoption set up. */
    private volatile VirtualThreads virtuals = VirtualThreads.NONE;
    private final StackCapture capture;
    /** Lets a thread-start walk stop once it has identified a known site (one object, not one per start). */
    private final java.util.function.LongPredicate knownSite;
    private final WeakIdentityMap<ExecutorRecord> owners;
    private final WeakIdentityMap<Site> futures;
    /** The tags of tasks created or submitted under one ({@link Context}); untouched while nothing is tagged. */
    private final ContextTags contextTags;
    /** Tagged tasks handed to a pool that no worker has started yet; untouched while nothing is tagged. */
    private final Handovers handovers = new Handovers();
    /**
     * What a thread said of its task before its start was recorded (a platform start is recorded once
     * {@code start0} returned, and a new worker may have run its first task and asked for the next by then): the
     * {@link ContextTags.Tagged} it runs, or {@link #IDLE}. The record takes it when it is made; exits drop the rest.
     */
    private final ConcurrentHashMap<Thread, Object> early = new ConcurrentHashMap<>();
    private static final Object IDLE = new Object();
    /** The tags of platform threads being started under one, until their start is recorded. */
    private final ConcurrentHashMap<Thread, String> starting = new ConcurrentHashMap<>();
    /** Which future each waiting thread waits for, by thread id. */
    private final ConcurrentHashMap<Long, WeakReference<Object>> awaited = new ConcurrentHashMap<>();
    /** Sites of virtual threads by the class of their task (lambdas and method references only). */
    private final TaskSites byTask = new TaskSites(true);
    /**
     * Sites of platform threads by the class of their task (lambdas, method references and anonymous classes): a
     * table of its own, since one lambda started both ways has a site of each kind.
     */
    private final TaskSites byPlatformTask = new TaskSites(false);
    /** Sites of tagged submits by the class of their task ({@link #submitSite}): a table of its own, as above. */
    private final TaskSites bySubmitTask = new TaskSites(false);
    /**
     * One platform start in this many whose site the task's class tells still walks its stack, which catches a task
     * class started from two places. Platform starts are rare next to virtual ones, so the check runs far more often
     * than {@code sampleRate}: a task class started from a second place is found within a few dozen starts.
     */
    static final int PLATFORM_CHECK = 16;
    /** Set with {@link #wrappers}: platform threads' tasks can be read ({@link PlatformTasks}). */
    private volatile boolean platformTasks;
    /**
     * The virtual thread the current thread constructed last and its task, until it starts it. A start
     * of any other thread finds no match.
     */
    private final ThreadLocal<Object[]> virtualTask = new ThreadLocal<>(); // set at first use: no lambda at start-up

    /**
     * Sampled future creations that may look for their call site, JVM-wide, a second ({@link StackCapture#callSite}:
     * a short walk of class names): what bounds the cost when the application makes futures by the million.
     */
    static final int FUTURE_PROBES_PER_SECOND = 256;
    /** Full walks (a site with its stack) a second per call site of a future creation. */
    static final int FUTURE_WALKS_PER_SITE = 4;
    /** How much more often both run while a suspect waits for futures no walk caught ({@link #boostFutures}). */
    static final int FUTURE_BOOST = 16;
    /** Call sites with a budget of their own; the others share one. */
    static final int FUTURE_CALL_SITES = 4096;
    private final WalkBudget futureProbes = new WalkBudget(FUTURE_PROBES_PER_SECOND, 32);
    private final ConcurrentHashMap<Long, WalkBudget> futureWalks = new ConcurrentHashMap<>();
    private final WalkBudget otherFutureWalks = new WalkBudget(FUTURE_WALKS_PER_SITE, FUTURE_WALKS_PER_SITE);
    private volatile boolean futuresBoosted;
    /** {@code System.nanoTime}, for the walk budgets; a test's fake clock instead. */
    private java.util.function.LongSupplier nanos; // null: System.nanoTime (no method reference at start-up)

    /** The timer thread the current thread just started inside a {@code Timer} constructor. */
    private final ThreadLocal<TrackedThread> startedTimerThread = new ThreadLocal<>();

    private final Ticker ticker;

    public Tracker(SiteTable sites, int stackDepth, int maxTracked) {
        this(sites, stackDepth, maxTracked, Ticker.SYSTEM);
    }

    /** @param ticker where start times and sweeps read the time */
    public Tracker(SiteTable sites, int stackDepth, int maxTracked, Ticker ticker) {
        this.sites = sites;
        this.ticker = ticker;
        this.live = new LiveThreads(sites, ticker);
        this.capture = new StackCapture(stackDepth, sites.frames());
        this.knownSite = sites; // a SiteTable is the predicate: no method reference to spin at start-up
        this.owners = new WeakIdentityMap<>(maxTracked);
        this.futures = new WeakIdentityMap<>(maxTracked);
        this.contextTags = new ContextTags(maxTracked);
        this.firstNewThreadId = firstNewThreadId();
    }

    /**
     * The id the threads made after this tracker exceed, taken before the hooks go in: a thread made before may have
     * started uncounted, so sweeps never adopt it. Taken when the internals are opened, on the agent's own thread,
     * it left out a virtual thread the application made just before and started just after, counted without a
     * record and then never found live.
     */
    private final long firstNewThreadId;

    public SiteTable sites() {
        return sites;
    }

    /**
     * Opens the JDK internals the agent reads (JDK 21+): the task of each virtual thread and inside an executor's
     * wrapper, so that starts take their site from the task-class cache, and the JDK's thread containers, so that a
     * start of a known site need not be recorded (see {@link VirtualThreads}). Call once, before or after the
     * recorder is installed (the agent calls it on its own thread, off the application's start-up: 3 ms of it on
     * JDK 17, 13–20 ms on JDK 25); until then every start is recorded with a walk.
     */
    public void openJdkInternals(java.lang.instrument.Instrumentation inst) {
        PlatformTasks.open(inst);
        platformTasks = PlatformTasks.reads();
        wrappers = TaskWrappers.open(inst);
        VirtualThreads opened = VirtualThreads.open(inst);
        if (opened.mayEnumerate()) {
            // before the starts can see it: they count a start without a record only once sweeps adopt
            live.adopt(opened::forEach, this::siteOfTask, firstNewThreadId);
        }
        virtuals = opened;
    }

    /** The id the next thread created will exceed: threads at or below it may have started before the agent. */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+, and this compiles for 17
    private static long firstNewThreadId() {
        // never started; named, so that it takes no number from the application's unnamed threads (Thread-0, ...)
        return new Thread("threadstorm-first-id").getId();
    }

    /** The site a virtual thread's task class tells, or {@code null} when unknown or ambiguous. */
    Site siteOfTask(Thread thread) {
        Object task = wrappers.unwrap(VirtualThreads.task(thread));
        return task == null ? null : byTask.get(task.getClass());
    }

    /**
     * The live threads a sample would see at most, from the sites' counters (no sweep, one list of sites), the virtual
     * ones no more than the JDK's containers count ({@link VirtualThreads#count}): a virtual start counted without a
     * record is known to have ended only at the next sweep, so under a busy churn of short virtual threads the
     * counters alone claimed millions (and the memory guard limited samples, saying the heap was nearly full, with
     * most of it free).
     */
    public long liveThreadsAtMost() {
        long platform = 0;
        long virtual = 0;
        for (Site s : sites.all()) {
            if (s.kind().threads()) {
                long n = Math.max(0, s.started() - s.ended());
                if (s.kind() == Site.Kind.VIRTUAL) {
                    virtual += n;
                } else {
                    platform += n;
                }
            }
        }
        long counted = virtuals.count(); // -1: the JDK's containers are not read
        return platform + (counted >= 0 ? Math.min(virtual, counted) : virtual);
    }

    /** The started threads that have not ended. */
    public LiveThreads live() {
        return live;
    }

    @Override
    public void threadStarted(Thread thread) {
        if (thread == null) {
            return;
        }
        boolean virtual = thread.getClass() == VIRTUAL_THREAD;
        ExecutorRecord owner = null;
        Site.Kind kind;
        StackCapture.Walk walk;
        Class<?> taskClass = null; // a platform thread's task class, when it may name the site
        Object firstTask = null;
        String tag = Context.current(); // the starter's tag: null at once while nothing is tagged
        if (virtual) {
            kind = Site.Kind.VIRTUAL;
            VirtualThreads virtuals = this.virtuals;
            Object task;
            if (virtuals.readsTasks()) {
                task = wrappers.unwrap(VirtualThreads.task(thread));
            } else {
                Object[] made = virtualTask.get();
                task = null;
                if (made != null && made[0] == thread) {
                    task = wrappers.unwrap(made[1]);
                    made[0] = null;
                    made[1] = null;
                }
            }
            if (task != null) {
                Class<?> type = task.getClass();
                Site cached = byTask.get(type);
                if (cached != null && !Recorder.sampled()) {
                    if (virtuals.enumerable() && tag == null) {
                        cached.countStart(); // no record: the sampler finds the thread in the JDK's containers
                        live.countedWithoutRecord();
                    } else {
                        track(thread, cached, null, tag, null); // a tagged thread needs its record for its tag
                    }
                    return;
                }
                walk = capture.walk(SALT_VIRTUAL, knownSite);
                Site site = sites.intern(walk, kind);
                // only lambdas and method references the application wrote where it starts them name their site; a
                // check by sampling catches one started from two places
                if (site.startedByAppCodeOf(type.getName())) {
                    byTask.learn(type, site);
                }
                track(thread, site, null, tag, null);
                return;
            }
            walk = capture.walk(SALT_VIRTUAL, knownSite);
        } else {
            if (thread.getName().startsWith("threadstorm-")) {
                return;
            }
            Object pool = Recorder.poolAddingWorker();
            if (pool == null && platformTasks && !(thread instanceof ForkJoinWorkerThread)) {
                Object task = PlatformTasks.task(thread);
                taskClass = task != null ? task.getClass() : thread.getClass() != Thread.class ? thread.getClass()
                        : null;
                Site cached = taskClass == null ? null : byPlatformTask.get(taskClass);
                if (cached != null && (ThreadLocalRandom.current().nextInt() & (PLATFORM_CHECK - 1)) != 0) {
                    track(thread, cached, null, tag, null); // a known site: no walk (see PLATFORM_CHECK)
                    return;
                }
            }
            walk = capture.walk(SALT_THREAD, knownSite);
            if (pool != null && !walk.contains("java.util.concurrent.ThreadPoolExecutor", "addWorker")) {
                pool = null; // left over from an addWorker that threw: this start is not a worker's
            }
            // a ThreadPoolExecutor's worker runs the task it was started for (addWorker's firstTask) first
            firstTask = pool != null ? Recorder.takeFirstTask() : null;
            if (pool == null && thread instanceof ForkJoinWorkerThread fj) {
                pool = fj.getPool();
            }
            if (pool != null) {
                kind = Site.Kind.EXECUTOR_WORKER;
                owner = pool == ForkJoinPool.commonPool() ? null : owners.get(pool);
            } else if (walk.contains("java.util.Timer", "<init>")) {
                kind = Site.Kind.TIMER_THREAD;
            } else {
                kind = Site.Kind.PLATFORM;
            }
        }
        Site site = owner == null ? inApp(sites.intern(walk, kind))
                : owner.workerSite(() -> inApp(sites.intern(walk, kind)));
        ContextTags.Tagged running = null;
        if (kind == Site.Kind.EXECUTOR_WORKER) {
            // a pool's worker has its pool's tag, whoever made the pool grow; while it runs a tagged task, that tag
            tag = owner == null ? null : owner.context();
            running = contextTags.of(firstTask);
        }
        TrackedThread tracked = track(thread, site, owner, tag, running);
        if (kind == Site.Kind.PLATFORM && taskClass != null && site.startedByAppCodeOf(taskClass.getName())) {
            byPlatformTask.learn(taskClass, site);
        }
        if (kind == Site.Kind.TIMER_THREAD) {
            startedTimerThread.set(tracked);
        }
    }

    /**
     * The site itself when it names an application line; else, when the starting thread was started at one, the
     * site of the pair (see {@link SiteTable#startedFrom}): a library that starts its threads from a thread of its
     * own (a client's I/O reactor started by the client's main loop) is then tied to the application line that
     * started the library's first thread.
     */
    private Site inApp(Site site) {
        if (site.inApp()) {
            return site;
        }
        TrackedThread starter = live.find(Thread.currentThread());
        return starter != null && starter.site().inApp() ? sites.startedFrom(site, starter.site()) : site;
    }

    /** Records a start by the current thread, now. */
    private TrackedThread track(Thread thread, Site site, ExecutorRecord owner) {
        return track(thread, site, owner, null, null);
    }

    /** Records a start by the current thread, now, with the thread's tag and that of the task it runs first. */
    private TrackedThread track(Thread thread, Site site, ExecutorRecord owner, String tag, ContextTags.Tagged running) {
        TrackedThread t = new TrackedThread(thread, site, SafeThreads.id(Thread.currentThread()), ticker.millis(),
                owner);
        if (tag != null && jdkThread(thread)) {
            tag = null;
        }
        if (tag != null || running != null) {
            t.context(tag);
            t.running(running);
        }
        if (!early.isEmpty() && early.get(thread) instanceof ContextTags.Tagged said) {
            t.running(said); // what the thread already runs (a pool's worker that took a task), before anyone sees t
        }
        live.add(t);
        if (!starting.isEmpty()) {
            starting.remove(thread);
        }
        // only the record in the table takes the word (a start recorded twice, JDK 21+, makes a second, unused one)
        if ((!early.isEmpty() || running != null) && live.find(thread) == t) {
            if (running != null) {
                handovers.done(running.handover()); // the first task is the worker's now, and shows on its record
            }
            if (!early.isEmpty()) {
                takeEarly(t, thread, null);
            }
        }
        return t;
    }

    @Override
    public void threadEnded(Thread thread) {
        live.ended(thread);
        if (!early.isEmpty() && early.remove(thread) instanceof ContextTags.Tagged left) {
            handovers.done(left.handover()); // a worker that ended before its start was recorded
        }
        if (!starting.isEmpty()) {
            starting.remove(thread);
        }
    }

    @Override
    public void virtualThreadCreated(Thread thread, Runnable task) {
        VirtualThreads virtuals = this.virtuals;
        if (virtuals.readsTasks()) {
            return; // the start reads the task from the thread
        }
        virtuals.verify(thread, task); // on the first one the application makes; this start still takes made[]
        if (virtuals.readsTasks()) {
            Recorder.virtualTasksNeeded(false); // the starts read the task from the thread: the hook need not call
        }
        Object[] made = virtualTask.get(); // {thread, its task}: no thread-local writes per start
        if (made == null) {
            made = new Object[2];
            virtualTask.set(made);
        }
        made[1] = task;
        made[0] = thread;
    }

    @Override
    public void executorCreated(Object executor) {
        if (owners.get(executor) != null) {
            return; // a constructor delegating to another: already recorded by the inner one
        }
        boolean timer = executor instanceof java.util.Timer; // loads Timer only once an executor is made
        StackCapture.Walk walk = capture.walk(timer ? SALT_TIMER : SALT_EXECUTOR);
        if (walk.contains("java.lang.VirtualThread", "createDefaultScheduler")) {
            return; // the virtual-thread scheduler: part of the JVM, and its submits are continuations, not tasks
        }
        Site site = sites.intern(walk, timer ? Site.Kind.TIMER : Site.Kind.EXECUTOR);
        ExecutorRecord owner = new ExecutorRecord(executor, site);
        owner.context(Context.current()); // its workers' tag
        if (owners.putIfAbsent(executor, owner) == owner) {
            site.countStart();
        }
        if (timer) {
            // the Timer constructor started its thread just before: link the two
            TrackedThread thread = startedTimerThread.get();
            startedTimerThread.remove();
            if (thread != null) {
                thread.owner(owner);
            }
        }
    }

    @Override
    public void executorShutdown(Object executor) {
        ExecutorRecord owner = owners.get(executor);
        if (owner != null && owner.markShutDown()) {
            owner.site().countEnd(1);
        }
    }

    @Override
    public void taskSubmitted(Object executor) {
        ExecutorRecord owner = owners.get(executor);
        if (owner != null && owner.submitWalkDue(ticker.millis())) {
            owner.submittedFrom(sites.intern(capture.walk(SALT_SUBMIT, knownSite), Site.Kind.EXECUTOR));
        }
    }

    /**
     * A sampled future creation. The sample rate alone made the walks' cost grow with the rate of creations (two
     * walks of 15 µs per thousand {@code runAsync(..).thenApply(..)} doubled their cost); now a sampled creation first
     * needs the JVM-wide budget of short walks to find its call site, then its call site's own budget of full walks,
     * a few a second: a call site that creates a million futures a second gets as many walks as one that creates
     * ten, and neither starves the other.
     */
    @Override
    public void futureCreated(Object future) {
        long now = nanos == null ? System.nanoTime() : nanos.getAsLong();
        if (!futureProbes.take(now)) {
            return;
        }
        long callSite = capture.callSite();
        if (callSite == 0 || !futureWalks(callSite).take(now)) {
            return; // the JDK made it for itself, or its call site had its walks for now
        }
        StackCapture.Walk walk = capture.walk(SALT_FUTURE, knownSite);
        String creator = walk.frameAfter("java.util.concurrent.CompletableFuture", "<init>");
        if (walk.firstNonJdkClass() == null
                || (creator != null && creator.startsWith("java.util.concurrent.CompletableFuture"))) {
            return; // a dependent stage, or a future the JDK made for itself
        }
        Site site = sites.intern(walk, Site.Kind.FUTURE);
        if (futures.putIfAbsent(future, site) == site) {
            site.countStart();
        }
    }

    /** Replaces the clock of the walk budgets (tests). Call before the recorder is installed. */
    void nanoClock(java.util.function.LongSupplier clock) {
        this.nanos = clock;
    }

    private WalkBudget futureWalks(long callSite) {
        WalkBudget b = futureWalks.get(callSite);
        if (b == null) {
            if (futureWalks.size() >= FUTURE_CALL_SITES) {
                return otherFutureWalks;
            }
            b = futureWalks.computeIfAbsent(callSite, k -> boosted(new WalkBudget(FUTURE_WALKS_PER_SITE,
                    FUTURE_WALKS_PER_SITE)));
        }
        return b;
    }

    private WalkBudget boosted(WalkBudget b) {
        b.perSecond(FUTURE_WALKS_PER_SITE * (futuresBoosted ? FUTURE_BOOST : 1));
        return b;
    }

    /**
     * While a suspect waits for futures whose creation no walk caught, future creations walk {@value #FUTURE_BOOST}
     * times as often (the agent also samples more of them); called by the agent after each sample.
     */
    public void boostFutures(boolean on) {
        if (on == futuresBoosted) {
            return;
        }
        futuresBoosted = on;
        futureProbes.perSecond(FUTURE_PROBES_PER_SECOND * (on ? FUTURE_BOOST : 1));
        boosted(otherFutureWalks);
        futureWalks.values().forEach(this::boosted);
    }

    @Override
    public void futureAwaited(Object future) {
        long id = SafeThreads.id(Thread.currentThread());
        if (future == null) {
            awaited.remove(id);
        } else {
            awaited.put(id, new WeakReference<>(future));
        }
    }

    /** True when thread {@code id} waits for a future whose creation was not sampled. */
    public boolean awaitsUnsampledFuture(long id) {
        WeakReference<Object> ref = awaited.get(id);
        Object future = ref == null ? null : ref.get();
        return future != null && futures.get(future) == null;
    }

    /** The creation site of the future thread {@code id} waits for, when that future was sampled. */
    public Site awaitedFutureSite(long id) {
        WeakReference<Object> ref = awaited.get(id);
        Object future = ref == null ? null : ref.get();
        return future == null ? null : futures.get(future);
    }

    /** Counts sampled futures that completed or were collected as ended on their site; call once per sample. */
    public void sweepFutures() {
        futures.forEach((f, site) -> f instanceof Future<?> fu && fu.isDone(), (f, site) -> site.countEnd(1));
        for (Site site : futures.drainCollected()) {
            site.countEnd(1);
        }
        for (ExecutorRecord gone : owners.drainCollected()) {
            if (!gone.shutDown() && gone.site() != null) {
                gone.site().countEnd(1);
            }
        }
    }

    /** The executors and timers tracked now (at most {@code max}), with their records. */
    public List<java.util.Map.Entry<Object, ExecutorRecord>> executors(int max) {
        List<java.util.Map.Entry<Object, ExecutorRecord>> out = new java.util.ArrayList<>();
        owners.forEach((e, o) -> {
            if (out.size() < max) {
                out.add(java.util.Map.entry(e, o));
            }
            return false;
        }, (e, o) -> { });
        return out;
    }

    @Override
    public void threadStarting(Thread thread, String tag) {
        if (thread.getClass() != VIRTUAL_THREAD && !jdkThread(thread)) {
            starting.put(thread, tag);
        }
    }

    /**
     * A thread of the JDK's own classes (a pool's delay scheduler, a cleaner, a carrier): the JDK starts it lazily on
     * whoever's call comes first and keeps it, so it never takes the starter's tag. Pool workers take their pool's.
     */
    private static boolean jdkThread(Thread thread) {
        Class<?> type = thread.getClass();
        if (type == Thread.class || type == VIRTUAL_THREAD || thread instanceof ForkJoinWorkerThread) {
            return false;
        }
        String name = type.getName();
        return name.startsWith("java.") || name.startsWith("jdk.");
    }

    /** What {@link #contextFirstUsed} runs: puts in the hooks only tags need. Set before the recorder is installed. */
    public void onFirstTag(Runnable enableTagHooks) {
        this.enableTagHooks = enableTagHooks;
    }

    /** Set by {@link #onFirstTag}; {@code null} in tests without hooks. */
    private Runnable enableTagHooks;

    @Override
    public void contextFirstUsed() {
        if (enableTagHooks != null) {
            enableTagHooks.run();
        }
    }

    @Override
    public String contextOf(Thread thread) {
        TrackedThread t = live.find(thread);
        if (!early.isEmpty()) {
            // a word the record has not taken yet is newer than the record: it may be visible a moment before it
            // takes it, and a worker that starts a thread in that moment must still pass on its task's tag
            Object word = early.get(thread);
            if (word instanceof ContextTags.Tagged task) {
                return task.tag();
            }
            if (word == IDLE && t != null) {
                return t.ownContext();
            }
        }
        if (t == null) {
            return starting.isEmpty() ? null : starting.get(thread);
        }
        return t.context();
    }

    @Override
    public void taskTagged(Object task, String tag, boolean submitted) {
        // a tagged submit names its line (a task that never returns runs on a worker that is not the test's own)
        Site site = submitted ? sites.intern(capture.walk(SALT_SUBMIT, knownSite), Site.Kind.EXECUTOR) : null;
        contextTags.tag(task, new ContextTags.Tagged(tag, site));
    }

    @Override
    public void taskHandedOver(Object executor, Object task, String tag) {
        Site site = submitSite(task);
        ContextTags.Tagged before = contextTags.of(task);
        if (before != null) {
            handovers.done(before.handover()); // one task object handed over again: the latest hand-over counts
        }
        // noted before the pool can hand it to a worker: this runs at the entry of execute
        Handovers.Handover handover = executor instanceof java.util.concurrent.ThreadPoolExecutor
                ? handovers.handOver(executor, task, tag) : null;
        if (!contextTags.tag(task, new ContextTags.Tagged(tag, site, handover))) {
            handovers.done(handover); // untagged (the table is full): no worker will ever show it
        }
    }

    /**
     * Where a tagged task is handed to its executor: the line a failure names for a task that never returns. The
     * task's class tells it, as for platform starts ({@link #PLATFORM_CHECK}), once a walk has seen a lambda, method
     * reference or anonymous class (inside {@code submit}'s and async stages' wrappers) handed over by the code that
     * wrote it; one submit in {@value #PLATFORM_CHECK} still walks, and a class handed over from a second line walks
     * from then on. A walk costs microseconds, a look at the class nanoseconds.
     */
    private Site submitSite(Object task) {
        Object inner = wrappers.unwrapSubmitted(task);
        Class<?> type = inner == null ? null : inner.getClass();
        Site cached = type == null ? null : bySubmitTask.get(type);
        if (cached != null && (ThreadLocalRandom.current().nextInt() & (PLATFORM_CHECK - 1)) != 0) {
            return cached;
        }
        Site site = sites.intern(capture.walk(SALT_SUBMIT, knownSite), Site.Kind.EXECUTOR);
        if (type != null && site.startedByAppCodeOf(type.getName())) {
            bySubmitTask.learn(type, site);
        }
        return site;
    }

    @Override
    public void taskRejected(Object task) {
        ContextTags.Tagged tagged = contextTags.of(task);
        if (tagged != null) {
            handovers.done(tagged.handover()); // no worker will start it (the caller may run it itself)
        }
    }

    /**
     * The tags of tasks handed to a pool that a worker has taken but not started yet ({@link Handovers#inFlight}):
     * read before the threads are listed, so that each such task shows here or on its worker.
     */
    public java.util.Set<String> contextsInFlight() {
        return handovers.inFlight();
    }

    @Override
    public void taskRunning(Thread thread, Object task) {
        ContextTags.Tagged tagged = contextTags.of(task);
        TrackedThread t = live.find(thread);
        if (t == null) {
            // its start is not recorded yet: leave word for the record, then look again (the record may have been
            // made in between, and have looked before the word was there)
            Object word = tagged == null ? IDLE : tagged;
            if (early.put(thread, word) instanceof ContextTags.Tagged done) {
                handovers.done(done.handover()); // a task it started and finished before its record was made
            }
            t = live.find(thread);
            if (t != null) {
                takeEarly(t, thread, word); // its own word, the latest, even if the record took it already
            }
            // else the record takes the word, and ends the hand-over, when it is made
        } else if (!early.isEmpty()) {
            takeEarly(t, thread, tagged == null ? IDLE : tagged);
        } else {
            t.running(tagged);
            if (tagged != null) {
                handovers.done(tagged.handover()); // after the record shows the tag: never a moment with neither
            }
        }
    }

    /**
     * Gives the record the latest word its thread left (or {@code now}, said later than any word left): under the
     * record's lock, so that the starter and the thread itself cannot apply an older word after a newer one.
     */
    private void takeEarly(TrackedThread t, Thread thread, Object now) {
        synchronized (t) {
            Object word = early.get(thread);
            Object latest = now != null ? now : word;
            if (latest != null) {
                t.running(latest == IDLE ? null : (ContextTags.Tagged) latest);
            }
            if (word != null) {
                early.remove(thread, word); // after the record shows it (contextOf reads the word first); a newer
                                            // word stays for the thread's own take
            }
            if (latest instanceof ContextTags.Tagged shown) {
                handovers.done(shown.handover());
            }
            if (word != latest && word instanceof ContextTags.Tagged older) {
                handovers.done(older.handover()); // started and finished before the record was made
            }
        }
    }
}
