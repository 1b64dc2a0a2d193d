package io.threadstorm.sample;

import io.threadstorm.classify.DeadlockCycle;
import io.threadstorm.classify.SystemThreads;
import io.threadstorm.classify.ThreadSample;
import io.threadstorm.classify.WaitPoints;
import io.threadstorm.record.ExecutorRecord;
import io.threadstorm.record.SafeThreads;
import io.threadstorm.record.Site;
import io.threadstorm.record.Ticker;
import io.threadstorm.record.Tracker;
import io.threadstorm.record.TrackedThread;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 * dumps all threads, so a sample stays cheap with thousands of threads. It only reads: what the readings say of
 * each example thread over time is the {@link ProgressWindow}'s, and how stuck a site is, {@link Stuckness}'s.
 */
public final class Sampler {

    /** Carrier threads of the virtual-thread scheduler: part of the JVM, bounded by its parallelism. */
    private static final String CARRIER = "jdk.internal.misc.CarrierThread";

    /** Example threads per site whose stacks are read. */
    static final int EXAMPLES = 8;

    private final Tracker tracker;
    private final Ticker ticker;
    /** A pool that completed a task this recently is making progress. */
    private final long progressWindowMillis;
    private final int minThreads;
    private final Pattern ignoreThreads;
    private final List<String> ignoreFrames;
    /** What the last samples saw of each example thread. */
    private final ProgressWindow progress;
    /** Looked up at the first sample, on the sampler's thread: the management classes cost ~60 ms to load. */
    private ThreadMXBean threads;
    private boolean cpuTime;
    /** Sites left out of a sample because reading one of their threads threw; see {@link #skippedSites()}. */
    private long skippedSites;
    /** Samples taken, for the periodic deadlock search. */
    private long samples;
    /** Without BLOCKED threads, deadlocks (of ownable synchronizers) are looked for every this many samples. */
    private static final int DEADLOCK_EVERY = 4;

    /** Sites left out of samples so far because reading one of their threads threw. */
    public long skippedSites() {
        return skippedSites;
    }

    public Sampler(Tracker tracker, int minThreads, Pattern ignoreThreads, List<String> ignoreFrames,
                   long progressWindowMillis) {
        this(tracker, minThreads, ignoreThreads, ignoreFrames, progressWindowMillis, Ticker.SYSTEM);
    }

    public Sampler(Tracker tracker, int minThreads, Pattern ignoreThreads, List<String> ignoreFrames,
                   long progressWindowMillis, Ticker ticker) {
        this.tracker = tracker;
        this.ticker = ticker;
        this.progressWindowMillis = progressWindowMillis;
        this.minThreads = minThreads;
        this.ignoreThreads = ignoreThreads;
        this.ignoreFrames = List.copyOf(ignoreFrames);
        this.progress = new ProgressWindow(progressWindowMillis);
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

    /** One live tracked thread during a sample. */
    private record Live(TrackedThread tracked, Thread thread, Thread.State state) {
    }

    public Sample sample() {
        return sample(false);
    }

    /** One sample; {@code thorough} looks for deadlocks whatever the states (for exit and on-demand reports). */
    public Sample sample(boolean thorough) {
        connect();
        long now = ticker.millis();
        long nanos = ticker.nanos();
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

        Map<Long, ThreadInfo> infos = exampleInfos(bySite);
        List<DeadlockCycle> cycles = deadlocks(bySite, thorough);
        progress.begin(now, nanos);
        List<SiteSample> out = new ArrayList<>(bySite.size());
        for (Map.Entry<Site, List<Live>> e : bySite.entrySet()) {
            try {
                out.add(siteSample(e.getKey(), e.getValue(), now, infos, cycles));
            } catch (RuntimeException ex) {
                skippedSites++; // one hostile thread must not spoil the whole sample
            }
        }
        progress.end();
        return new Sample(now, platform + virtualLive, virtualLive, filtered, out);
    }

    private SiteSample siteSample(Site site, List<Live> live, long now, Map<Long, ThreadInfo> infos,
                                  List<DeadlockCycle> cycles) {
        Map<String, Integer> states = new TreeMap<>();
        double ageSum = 0;
        double maxAge = 0;
        Set<ExecutorRecord> owners = Collections.newSetFromMap(new IdentityHashMap<>());
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
        List<PoolReading> pools = new ArrayList<>(owners.size());
        for (ExecutorRecord o : owners) {
            if (o.shutDown()) {
                shutDown++;
            }
            if (ownerFrame == null && o.site() != null) {
                ownerFrame = o.site().frame();
            }
            // every pool is read at every sample, so that each one's progress is known from its second sample on
            long last = o.lastProgressMillis(now);
            pools.add(new PoolReading(o.firstReadMillis(), last, o.periodicSeenMillis(), o.activeSeenMillis()));
        }
        List<DeadlockCycle> mine = new ArrayList<>();
        for (DeadlockCycle c : cycles) {
            if (c.threads().stream().anyMatch(m -> ids.contains(m.id()))) {
                mine.add(c);
            }
        }
        List<Stuckness.Example> read = new ArrayList<>();
        if (live.size() >= minThreads || !mine.isEmpty()) {
            for (Live l : oldest(live)) {
                Stuckness.Example e = example(l, now, infos.get(l.tracked().id()));
                if (e != null && !ignoredStack(e.sample().stack())) {
                    read.add(e);
                }
            }
        }
        boolean perThread = owners.isEmpty() && site.kind() != Site.Kind.TIMER_THREAD;
        Stuckness.Shares stuck = Stuckness.of(states, live.size(), read, owners.size(), perThread, pools, now,
                progressWindowMillis);
        List<ThreadSample> examples = read.stream().map(Stuckness.Example::sample).toList();
        Site future = null;
        if (!examples.isEmpty()) {
            // any thread of the site will do: the oldest may wait for futures created before a sample caught one
            for (int i = 0; i < live.size() && future == null; i++) {
                future = tracker.awaitedFutureSite(live.get(i).tracked().id());
            }
        }
        return new SiteSample(site, live.size(), site.started(), site.ended(), states, stuck.ratio(),
                stuck.unlessBusy(), live.isEmpty() ? 0 : ageSum / live.size(), maxAge, examples, owners.size(),
                shutDown, ownerFrame, mine, future);
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

    private Stuckness.Example example(Live l, long now, ThreadInfo info) {
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
        long cpu = cpuTime && l.tracked().site().kind() != Site.Kind.VIRTUAL ? threads.getThreadCpuTime(id) : -1;
        ProgressWindow.Motion m = progress.observe(id, stack, cpu, waits(state, stack));
        ThreadSample sample = new ThreadSample(id, SafeThreads.name(thread), state, thread.isDaemon(),
                l.tracked().site().kind() == Site.Kind.VIRTUAL, (now - l.tracked().startMillis()) / 1000.0, stack,
                lock, owner, ownerName, m.cpuShare(), m.unchanged());
        return new Stuckness.Example(sample, m);
    }

    /** Waiting, or RUNNABLE in a native wait that uses no CPU: the states in which progress is judged. */
    private static boolean waits(Thread.State state, List<StackTraceElement> stack) {
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                || (state == Thread.State.RUNNABLE && WaitPoints.isIdleNativeWait(stack));
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
}
