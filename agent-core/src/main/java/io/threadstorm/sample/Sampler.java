package io.threadstorm.sample;

import io.threadstorm.classify.DeadlockCycle;
import io.threadstorm.classify.SystemThreads;
import io.threadstorm.classify.ThreadSample;
import io.threadstorm.classify.WaitPoints;
import io.threadstorm.record.Owner;
import io.threadstorm.record.SafeThreads;
import io.threadstorm.record.Site;
import io.threadstorm.record.Tracker;
import io.threadstorm.record.TrackedThread;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Takes one sample: live threads per site and their states (cheap: {@code Thread.getState()} on each tracked
 * thread), and for sites big enough to matter, the stacks, locks and CPU of a few example threads. It never
 * dumps all threads, so a sample stays cheap with thousands of threads.
 */
public final class Sampler {

    /** Carrier threads of the virtual-thread scheduler: part of the JVM, bounded by its parallelism. */
    private static final String CARRIER = "jdk.internal.misc.CarrierThread";

    /** Example threads per site whose stacks are read. */
    static final int EXAMPLES = 8;

    private final Tracker tracker;
    /** A pool that completed a task this recently is making progress. */
    private final long progressWindowMillis;
    private final int minThreads;
    private final Pattern ignoreThreads;
    private final List<String> ignoreFrames;
    /** Looked up at the first sample, on the sampler's thread: the management classes cost ~60 ms to load. */
    private ThreadMXBean threads;
    private boolean cpuTime;
    /** Per example thread, by id: what the previous sample saw of it. */
    private Map<Long, Seen> previous = new HashMap<>();
    private long previousNanos;
    /**
     * CPU a waiting thread must have used since the previous sample, as a share of the time between them, to count
     * as having worked: 1 ms per 5 s (50 us per 250 ms). Waking up on a timeout and waiting again costs 10-50 us
     * (an HttpClient selector every 3 s, a heartbeat thread, a poll loop with a 1 s timeout); serving requests
     * costs more. A thread that only wakes up on its timeouts stays stuck.
     */
    static final double WORK_SHARE = 0.0002;

    /**
     * CPU a thread waiting in a selector must have used since the previous sample, as a share of the time between
     * them, to count as busy: 1% of a core (50 ms per 5 s, 2.5 ms per 250 ms). Serving connections costs that; the
     * wake-ups of a client's event loop on its own timers (a selector's timeout, a reconnect back-off, a metadata
     * refresh) cost a tenth of it. Other threads are busy when they make progress. The detector asks for busy
     * threads only of sites that grow for long without a single thread ending ({@link
     * SiteSample#stuckUnlessBusy()}).
     */
    static final double BUSY_SHARE = 0.01;

    /** Pools behind one site that can still be a set of long-lived pools (bulkheads), not pools per call. */
    static final int MAX_SERVING_POOLS = 64;

    /**
     * Example threads that made progress within the progress window, as pools are judged: a waiting thread whose
     * stack moved between two samples, or that used at least {@link #WORK_SHARE} of the CPU between them (it woke up
     * and worked: a hand-rolled pool's worker that served jobs, a connection thread that answered requests) while it
     * does not sleep. One interval is too short a look: a connection whose client sends a request every 200-500 ms
     * has nothing to do in a good share of 250 ms intervals.
     */
    private final Set<Long> progressing = new HashSet<>();
    /** Example threads watched for a whole progress window: only those can be judged stuck by their progress. */
    private final Set<Long> watched = new HashSet<>();
    /** Example threads that used at least {@link #BUSY_SHARE} of a core between two samples within the window. */
    private final Set<Long> busy = new HashSet<>();
    /** Sites left out of a sample because reading one of their threads threw; see {@link #skippedSites()}. */
    private long skippedSites;

    /** Sites left out of samples so far because reading one of their threads threw. */
    public long skippedSites() {
        return skippedSites;
    }

    /** Samples taken, for the periodic deadlock search. */
    private long samples;
    /** Without BLOCKED threads, deadlocks (of ownable synchronizers) are looked for every this many samples. */
    private static final int DEADLOCK_EVERY = 4;

    public Sampler(Tracker tracker, int minThreads, Pattern ignoreThreads, List<String> ignoreFrames,
                   long progressWindowMillis) {
        this.tracker = tracker;
        this.progressWindowMillis = progressWindowMillis;
        this.minThreads = minThreads;
        this.ignoreThreads = ignoreThreads;
        this.ignoreFrames = List.copyOf(ignoreFrames);
    }

    /** Calls come from one thread at a time (the agent serialises samples). */
    private void connect() {
        if (threads != null) {
            return;
        }
        threads = ManagementFactory.getThreadMXBean();
        boolean cpu = false;
        try {
            cpu = threads.isThreadCpuTimeSupported();
            if (cpu && !threads.isThreadCpuTimeEnabled()) {
                threads.setThreadCpuTimeEnabled(true);
            }
        } catch (UnsupportedOperationException | SecurityException e) {
            cpu = false;
        }
        cpuTime = cpu;
    }

    /**
     * What a sample saw of an example thread, for spin and progress detection at the next one: its CPU time (-1:
     * unknown), a hash of its top frames, when it last made progress (0: never seen to) and when it was first seen.
     */
    private record Seen(long cpu, long top, long progressMillis, long busyMillis, long firstSeenMillis) {
    }

    /** One live tracked thread during a sample. */
    private record Live(TrackedThread tracked, Thread thread, Thread.State state) {
    }

    public Sample sample() {
        return sample(false);
    }

    /** One sample; {@code thorough} looks for deadlocks whatever the states (for exit and on-demand reports). */
    public Sample sample(boolean thorough) {
        connect();
        long now = System.currentTimeMillis();
        long nanos = System.nanoTime();
        tracker.sweepFutures();
        Map<Site, List<Live>> bySite = new IdentityHashMap<>();
        int virtualLive = 0;
        int platformTracked = 0;
        int filtered = 0;
        for (Map.Entry<Site, List<TrackedThread>> e : tracker.live().bySite().entrySet()) {
            Site site = e.getKey();
            if (ignoredSite(site)) {
                filtered += e.getValue().size();
                continue;
            }
            List<Live> live = new ArrayList<>(e.getValue().size());
            int dropped = 0;
            for (TrackedThread t : e.getValue()) {
                Thread thread = t.get();
                if (ignoredName(SafeThreads.name(thread)) || CARRIER.equals(thread.getClass().getName())) {
                    dropped++;
                } else {
                    live.add(new Live(t, thread, SafeThreads.state(thread)));
                }
            }
            filtered += dropped;
            if (site.kind() == Site.Kind.VIRTUAL) {
                virtualLive += live.size();
            } else {
                platformTracked += live.size() + dropped;
            }
            if (!live.isEmpty()) {
                bySite.put(site, live);
            }
        }
        int platform = threads.getThreadCount();
        filtered += Math.max(0, platform - platformTracked);

        progressing.clear();
        watched.clear();
        busy.clear();
        Map<Long, ThreadInfo> infos = exampleInfos(bySite);
        List<DeadlockCycle> cycles = deadlocks(bySite, thorough);
        Map<Long, Seen> seen = new HashMap<>();
        double wallNanos = previousNanos == 0 ? 0 : nanos - previousNanos;
        List<SiteSample> out = new ArrayList<>(bySite.size());
        for (Map.Entry<Site, List<Live>> e : bySite.entrySet()) {
            try {
                out.add(siteSample(e.getKey(), e.getValue(), now, infos, cycles, seen, wallNanos));
            } catch (RuntimeException ex) {
                skippedSites++; // one hostile thread must not spoil the whole sample
            }
        }
        previous = seen;
        previousNanos = nanos;
        return new Sample(now, platform + virtualLive, virtualLive, filtered, out);
    }

    private SiteSample siteSample(Site site, List<Live> live, long now, Map<Long, ThreadInfo> infos,
                                  List<DeadlockCycle> cycles, Map<Long, Seen> seen, double wallNanos) {
        Map<String, Integer> states = new TreeMap<>();
        double ageSum = 0;
        double maxAge = 0;
        Set<Owner> owners = Collections2.identitySet();
        Set<Long> ids = new HashSet<>();
        for (Live l : live) {
            states.merge(l.state().name(), 1, Integer::sum);
            double age = (now - l.tracked().startMillis()) / 1000.0;
            ageSum += age;
            maxAge = Math.max(maxAge, age);
            if (l.tracked().owner() != null) {
                owners.add(l.tracked().owner());
            }
            ids.add(l.tracked().id());
        }
        int shutDown = 0;
        String ownerFrame = null;
        for (Owner o : owners) {
            if (o.shutDown()) {
                shutDown++;
            }
            if (ownerFrame == null && o.site() != null) {
                ownerFrame = o.site().frame();
            }
        }
        List<DeadlockCycle> mine = new ArrayList<>();
        for (DeadlockCycle c : cycles) {
            if (c.threads().stream().anyMatch(m -> ids.contains(m.id()))) {
                mine.add(c);
            }
        }
        List<ThreadSample> examples = new ArrayList<>();
        if (live.size() >= minThreads || !mine.isEmpty()) {
            for (Live l : oldest(live)) {
                ThreadSample s = example(l, now, infos.get(l.tracked().id()), seen, wallNanos);
                if (s != null && !ignoredStack(s.stack())) {
                    examples.add(s);
                }
            }
        }
        // Threads of a site with no pool behind it (plain threads, virtual threads, workers of pools the agent did
        // not see created) are judged one by one: those that made progress within the window are not stuck, and
        // until most examples have been watched for a whole window the site is not judged at all. Workers of known
        // pools and timers are judged by their pools, whose tasks (periodic ones too) keep a leaked pool busy.
        boolean perThread = owners.isEmpty() && site.kind() != Site.Kind.TIMER_THREAD;
        double stuck;
        double stuckUnlessBusy;
        if (perThread && examples.stream().filter(e -> watched.contains(e.id())).count() * 2 < examples.size()) {
            stuck = 0;
            stuckUnlessBusy = 0;
        } else {
            stuck = stuckRatio(states, live.size(), examples, owners.size(), perThread ? progressing : Set.of());
            stuckUnlessBusy = perThread ? stuckRatio(states, live.size(), examples, 0, busy) : stuck;
        }
        if (!owners.isEmpty()) {
            Serving serving = serving(owners, now);
            if (serving.completing()) {
                stuck = 0;
            }
            if (serving.busy()) {
                stuckUnlessBusy = 0;
            }
        }
        Site future = null;
        if (!examples.isEmpty()) {
            // any thread of the site will do: the oldest may wait for futures created before a sample caught one
            for (int i = 0; i < live.size() && future == null; i++) {
                future = tracker.awaitedFutureSite(live.get(i).tracked().id());
            }
        }
        return new SiteSample(site, live.size(), site.started(), site.ended(), states, stuck, stuckUnlessBusy,
                live.isEmpty() ? 0 : ageSum / live.size(), maxAge, examples, owners.size(), shutDown, ownerFrame,
                mine, future);
    }

    /**
     * The share of stuck threads: all threads' states give the split between runnable and not; the examples
     * tell which of each kind really are stuck (a RUNNABLE thread in a socket read is; an idle worker of a
     * single shared pool is not).
     */
    static double stuckRatio(Map<String, Integer> states, int live, List<ThreadSample> examples, int owners,
                             Set<Long> progressing) {
        if (live == 0) {
            return 0;
        }
        int runnable = states.getOrDefault("RUNNABLE", 0) + states.getOrDefault("NEW", 0);
        int waiting = live - runnable;
        double runnableStuck = 0;
        double waitingStuck = 1;
        int r = 0;
        int rs = 0;
        int w = 0;
        int ws = 0;
        for (ThreadSample s : examples) {
            boolean stuck = WaitPoints.isStuck(s) || WaitPoints.isSpinning(s, runnable);
            if (stuck && owners <= 1 && WaitPoints.isIdlePoolWorker(s.stack())) {
                stuck = false; // one shared pool, idle: sized by load, not leaking
            }
            if (stuck && progressing.contains(s.id())) {
                stuck = false; // it worked since the last sample
            }
            if (s.state() == Thread.State.RUNNABLE) {
                r++;
                rs += stuck ? 1 : 0;
            } else {
                w++;
                ws += stuck ? 1 : 0;
            }
        }
        if (r > 0) {
            runnableStuck = (double) rs / r;
        }
        if (w > 0) {
            waitingStuck = (double) ws / w;
        }
        return (runnable * runnableStuck + waiting * waitingStuck) / live;
    }

    /**
     * Whether the site's pools serve: most of those read for a whole progress window completed tasks within it.
     * A pool created per call completes its task and then idles, so the older pools of such a site have stopped;
     * a shared set of pools (bulkheads, an elastic scheduler whose workers are each a one-thread pool) keeps
     * completing tasks, while it also creates pools as load arrives. A pool read for less than a window is too new
     * to tell and counts neither way; a site whose pools are all that new is not judged yet. Among several
     * scheduled pools, one whose own periodic task sits at the head of its queue completes that task forever,
     * whoever uses it: it never counts as serving. More than {@link #MAX_SERVING_POOLS} pools never serve.
     */
    private Serving serving(Set<Owner> owners, long now) {
        if (owners.size() > MAX_SERVING_POOLS) {
            return Serving.NOT; // that many pools at one line are pools per call, not bulkheads
        }
        int judged = 0;
        int completing = 0;
        int busy = 0;
        for (Owner o : owners) {
            // every pool is read at every sample, so that each one's progress is known from its second sample on
            long last = o.lastProgressMillis(now);
            if (now - o.firstReadMillis() < progressWindowMillis) {
                continue;
            }
            judged++;
            boolean periodic = owners.size() > 1 && now - o.periodicSeenMillis() <= progressWindowMillis;
            if (now - last <= progressWindowMillis && !periodic) {
                completing++;
                if (now - o.activeSeenMillis() <= progressWindowMillis) {
                    busy++;
                }
            }
        }
        return judged == 0 ? Serving.YES : new Serving(completing * 2 > judged, busy * 2 > judged);
    }

    /**
     * Whether a site's pools serve: {@code completing}, most of them completed tasks within the window; {@code busy},
     * most of them were also seen running one. A pool that completes tasks without ever being caught running one
     * runs only ticks (a timer's callbacks on a subscription nobody disposed); the detector asks for {@code busy}
     * only of sites whose threads never end ({@link SiteSample#stuckUnlessBusy()}).
     */
    private record Serving(boolean completing, boolean busy) {
        static final Serving YES = new Serving(true, true);
        static final Serving NOT = new Serving(false, false);
    }

    /** The {@value #EXAMPLES} threads started first, oldest first: the same ones from sample to sample. */
    static <T> List<T> oldest(List<T> live, java.util.function.ToLongFunction<T> startMillis) {
        List<T> out = new ArrayList<>(EXAMPLES + 1);
        for (T l : live) {
            long start = startMillis.applyAsLong(l);
            int at = out.size();
            while (at > 0 && startMillis.applyAsLong(out.get(at - 1)) > start) {
                at--;
            }
            if (at < EXAMPLES) {
                out.add(at, l);
                if (out.size() > EXAMPLES) {
                    out.remove(EXAMPLES);
                }
            }
        }
        return out;
    }

    private static List<Live> oldest(List<Live> live) {
        return oldest(live, l -> l.tracked().startMillis());
    }

    private Map<Long, ThreadInfo> exampleInfos(Map<Site, List<Live>> bySite) {
        List<Long> ids = new ArrayList<>();
        for (Map.Entry<Site, List<Live>> e : bySite.entrySet()) {
            if (e.getKey().kind() != Site.Kind.VIRTUAL && e.getValue().size() >= minThreads) {
                for (Live l : oldest(e.getValue())) {
                    ids.add(l.tracked().id());
                }
            }
        }
        Map<Long, ThreadInfo> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        long[] array = ids.stream().mapToLong(Long::longValue).toArray();
        for (ThreadInfo info : SafeThreads.infos(threads, array, Integer.MAX_VALUE)) {
            if (info != null) {
                out.put(info.getThreadId(), info);
            }
        }
        return out;
    }

    private List<DeadlockCycle> deadlocks(Map<Site, List<Live>> bySite, boolean thorough) {
        // Finding deadlocks is a pause of the whole JVM: do it when a thread is BLOCKED (monitor deadlocks),
        // else every few samples (lock deadlocks show as WAITING, and a deadlock never goes away by itself).
        boolean blocked = false;
        for (List<Live> live : bySite.values()) {
            for (Live l : live) {
                if (l.state() == Thread.State.BLOCKED) {
                    blocked = true;
                    break;
                }
            }
        }
        if (!blocked && !thorough && samples++ % DEADLOCK_EVERY != 0) {
            return List.of();
        }
        long[] ids = threads.isSynchronizerUsageSupported() ? threads.findDeadlockedThreads()
                : threads.findMonitorDeadlockedThreads();
        if (ids == null || ids.length == 0) {
            return List.of();
        }
        return Deadlocks.cycles(SafeThreads.infos(threads, ids, true, true));
    }

    private ThreadSample example(Live l, long now, ThreadInfo info, Map<Long, Seen> seen, double wallNanos) {
        Thread thread = l.thread();
        List<StackTraceElement> stack;
        String lock = null;
        long owner = -1;
        String ownerName = null;
        Thread.State state;
        if (info != null) {
            stack = Arrays.asList(info.getStackTrace());
            LockInfo li = info.getLockInfo();
            lock = li == null ? null : li.toString();
            owner = info.getLockOwnerId();
            ownerName = info.getLockOwnerName();
            state = info.getThreadState();
        } else {
            stack = Arrays.asList(SafeThreads.stack(thread)); // virtual threads: not visible to ThreadMXBean
            state = SafeThreads.state(thread);
        }
        if (state == Thread.State.TERMINATED) {
            return null;
        }
        long id = l.tracked().id();
        long top = topHash(stack);
        long cpu = cpuTime && l.tracked().site().kind() != Site.Kind.VIRTUAL ? threads.getThreadCpuTime(id) : -1;
        Seen before = previous.get(id);
        double share = -1;
        boolean unchanged = false;
        if (before != null) {
            unchanged = before.top() == top;
            if (cpu >= 0 && before.cpu() >= 0 && wallNanos > 0) {
                share = Math.min(1.0, (cpu - before.cpu()) / wallNanos);
            }
        }
        long progressMillis = before == null ? 0 : before.progressMillis();
        long busyMillis = before == null ? 0 : before.busyMillis();
        long firstSeen = before == null ? now : before.firstSeenMillis();
        if (now - firstSeen >= progressWindowMillis) {
            watched.add(id);
        }
        if (before != null && waits(state, stack)) {
            boolean moved = before.top() != top;
            // a sleep loop burns a little CPU at every wake-up without serving anyone
            boolean worked = share >= WORK_SHARE && !WaitPoints.isSleeping(stack);
            if (moved || worked) {
                progressMillis = now;
                // an event loop that wakes up on its own timers moves and uses a little CPU: it is busy only when
                // it uses a real share of a core
                if (!WaitPoints.isSelecting(stack)) {
                    busyMillis = now;
                }
            }
        }
        if (share >= BUSY_SHARE) {
            busyMillis = now;
        }
        if (progressMillis != 0 && now - progressMillis <= progressWindowMillis) {
            progressing.add(id);
        }
        if (busyMillis != 0 && now - busyMillis <= progressWindowMillis) {
            busy.add(id);
        }
        seen.put(id, new Seen(cpu, top, progressMillis, busyMillis, firstSeen));
        return new ThreadSample(id, SafeThreads.name(thread), state, thread.isDaemon(), l.tracked().site().kind()
                == Site.Kind.VIRTUAL, (now - l.tracked().startMillis()) / 1000.0, stack, lock, owner, ownerName,
                share, unchanged);
    }

    /** Waiting, or RUNNABLE in a native wait that uses no CPU: the states in which progress is judged. */
    private static boolean waits(Thread.State state, List<StackTraceElement> stack) {
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                || (state == Thread.State.RUNNABLE && WaitPoints.isIdleNativeWait(stack));
    }

    private static long topHash(List<StackTraceElement> stack) {
        long h = 17;
        for (int i = 0; i < Math.min(6, stack.size()); i++) {
            StackTraceElement e = stack.get(i);
            h = h * 31 + e.getClassName().hashCode();
            h = h * 31 + e.getMethodName().hashCode();
        }
        return h;
    }

    private boolean ignoredName(String name) {
        return SystemThreads.isSystem(name, List.of()) || (ignoreThreads != null && ignoreThreads.matcher(name).find());
    }

    private boolean ignoredSite(Site site) {
        return !ignoreFrames.isEmpty() && ignoredStack(site.stack());
    }

    private boolean ignoredStack(List<StackTraceElement> stack) {
        if (ignoreFrames.isEmpty()) {
            return false;
        }
        for (StackTraceElement e : stack) {
            String frame = e.getClassName() + "." + e.getMethodName();
            for (String prefix : ignoreFrames) {
                if (frame.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Identity sets without a dependency. */
    private static final class Collections2 {
        static <T> Set<T> identitySet() {
            return java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        }
    }
}
