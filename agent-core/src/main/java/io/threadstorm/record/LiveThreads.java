package io.threadstorm.record;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The started threads the agent tracks, platform and virtual, until they end. A start adds its record and the
 * thread's exit ({@code Thread.exit}, {@code VirtualThread.afterDone}) removes it, so an ended thread's record dies
 * young with the thread: nothing is kept for the garbage collector to trace or for a sweep to unlink, which matters
 * at millions of virtual-thread starts a second. The sampler's {@link #sweep} still drops threads that ended without
 * an exit hook (a JDK whose exit method the agent could not hook, a platform thread that ended before its start was
 * recorded) and threads whose start failed.
 *
 * <p>Records hold their threads strongly: a started thread is reachable anyway while it runs (platform threads are
 * roots; the JDK's thread containers keep virtual threads), and a parked virtual thread nobody can reach any more is
 * exactly the leak the agent exists to show.
 */
public final class LiveThreads {

    private final SiteTable sites;

    private final Ticker ticker;

    /** {@code sites}: where the sites of the threads are, so that a sweep settles each one's count of ended. */
    public LiveThreads(SiteTable sites) {
        this(sites, Ticker.SYSTEM);
    }

    /** @param ticker where sweeps read the time */
    public LiveThreads(SiteTable sites, Ticker ticker) {
        this(sites, ticker, JdkClasses.VIRTUAL_THREAD);
    }

    /** @param virtualType the class of virtual threads ({@code null} before JDK 21; the tests' stand-in) */
    LiveThreads(SiteTable sites, Ticker ticker, Class<?> virtualType) {
        this.ticker = ticker;
        this.sites = sites;
        this.virtualType = virtualType;
    }

    private final Class<?> virtualType;

    /**
     * Hands a sweep the live virtual threads, among them those whose starts were counted but not recorded, and
     * tells whether it could ({@link VirtualThreads#forEach}); {@code null}: no such starts.
     */
    private Predicate<Consumer<Thread>> virtuals;
    private Function<Thread, Site> siteOf; // set with virtuals, before any sweep reads it
    /** Threads with ids at or below this may have started before the agent, uncounted: never adopted. */
    private long firstId = Long.MAX_VALUE;
    /**
     * Records made by sweeps for unrecorded virtual threads, kept from one sweep to the next so that a thread keeps
     * the time it was first seen; threads no longer in the JDK's containers (ended) drop out at the next sweep.
     */
    private Map<Thread, TrackedThread> adopted = new IdentityHashMap<>();

    /**
     * Lets sweeps find live virtual threads that were counted but not recorded (see {@link VirtualThreads}): each is
     * found by {@code from} (the JDK's thread containers) and given the site {@code siteOf} tells, or skipped when it
     * tells none. Call before the first such start.
     * Such a record knows no parent ({@link TrackedThread#UNKNOWN}), and its start time is when a sweep first saw it.
     */
    synchronized void adopt(Predicate<Consumer<Thread>> from, Function<Thread, Site> siteOf, long firstNewThreadId) {
        this.siteOf = siteOf;
        this.firstId = firstNewThreadId;
        this.virtuals = from;
    }

    /** Set once a start was counted without a record: from then on sweeps read the JDK's containers. */
    private volatile boolean unrecorded;

    /**
     * A start that was counted on its site but not recorded: a sweep will find the thread ({@link #adopt}). Reads a
     * flag, and writes it once in the life of the agent.
     */
    void countedWithoutRecord() {
        if (!unrecorded) {
            unrecorded = true;
        }
    }

    /**
     * Limits the unrecorded virtual threads the next sweeps find to {@code threads} (they are all found when
     * {@code Long.MAX_VALUE}): each costs the sweep a record and the sample a few objects, so when the heap is nearly
     * full, a sample sees fewer threads instead of allocating. {@link #cut()} tells whether the last sweep left some.
     */
    public void limitAdopted(long threads) {
        adoptLimit = threads;
    }

    /** True when the last sweep left out unrecorded virtual threads ({@link #limitAdopted}). */
    public boolean cut() {
        return cut;
    }

    private volatile long adoptLimit = Long.MAX_VALUE;
    private volatile boolean cut;

    /**
     * Forgets the records sweeps made for unrecorded virtual threads (about 50 bytes each): when the heap is nearly
     * full, the application needs it more. The next sweep finds the threads again, with the time it sees them.
     */
    public synchronized void forgetAdopted() {
        if (!adopted.isEmpty()) {
            adopted = new IdentityHashMap<>();
        }
    }

    /** A thread still {@code NEW} this long after its start was recorded did not start (the start threw). */
    private static final long FAILED_START_MILLIS = 10_000;

    /**
     * Slots of the table, a power of two: 8,192 references cost 32 KB (compressed oops).
     */
    static final int SLOT_BITS = 13;
    static final int SLOTS = 1 << SLOT_BITS;
    /** Slots tried from a thread's home slot before it goes to the overflow map. */
    static final int PROBES = 8;

    /**
     * The table: a start takes the first free slot among {@link #PROBES} from its home slot with one CAS, its exit
     * clears that slot. No chains, no tombstones: a lookup always tries all the probe slots. An exit that comes
     * before its start was recorded finds nothing, and the sweep drops the record later.
     */
    private final AtomicReferenceArray<TrackedThread> slots = new AtomicReferenceArray<>(SLOTS);
    /** Threads that found no free slot: only when thousands of threads live at once. */
    private final ConcurrentHashMap<Thread, TrackedThread> overflow = new ConcurrentHashMap<>();

    /**
     * How many virtual threads have a record in the table. Most virtual starts of a known site are only counted
     * ({@link #countedWithoutRecord}), so while none has a record a virtual thread's exit has nothing to look for
     * and reads this one counter instead of the probe slots. Every record put in the table counts here and every one
     * taken out (by its exit or by a sweep) is taken off, both after a successful CAS (or map update), so the count
     * is exact; a virtual thread's start is recorded before the thread runs, so before its exit looks.
     */
    private final AtomicInteger virtualRecords = new AtomicInteger();

    /** Records a start; a second start of a thread that is still tracked (which throws) is not counted. */
    void add(TrackedThread t) {
        Thread thread = t.get();
        int home = home(thread);
        for (int i = 0; i < PROBES; i++) {
            int slot = (home + i) & (SLOTS - 1);
            TrackedThread there = slots.get(slot);
            if (there == null) {
                if (slots.compareAndSet(slot, null, t)) {
                    stored(thread);
                    t.site().countStart();
                    return;
                }
                there = slots.get(slot);
            }
            if (there != null && there.get() == thread) {
                return;
            }
        }
        if (overflow.putIfAbsent(thread, t) == null) {
            stored(thread);
            t.site().countStart();
        }
    }

    /** How many virtual threads have a record in the table ({@link #virtualRecords}). */
    int virtualRecords() {
        return virtualRecords.get();
    }

    private void stored(Thread thread) {
        if (thread.getClass() == virtualType) {
            virtualRecords.incrementAndGet();
        }
    }

    private void removed(Thread thread) {
        if (thread.getClass() == virtualType) {
            virtualRecords.decrementAndGet();
        }
    }

    /**
     * The thread's exit: forgets it. Nothing is counted on the site: every counted start is live or ended, so a sweep
     * tells each site how many ended ({@link Site#settle}). The one shared counter an exit writes is
     * {@link #virtualRecords}, and only for a virtual thread that had a record (a start that walked its stack).
     */
    public void ended(Thread thread) {
        if (thread.getClass() == virtualType && virtualRecords.get() == 0) {
            return; // no virtual thread has a record: this one was only counted
        }
        int home = home(thread);
        for (int i = 0; i < PROBES; i++) {
            int slot = (home + i) & (SLOTS - 1);
            TrackedThread there = slots.get(slot);
            if (there != null && there.get() == thread) {
                if (slots.compareAndSet(slot, there, null)) {
                    removed(thread);
                }
                return;
            }
        }
        if (!overflow.isEmpty() && overflow.remove(thread) != null) {
            removed(thread);
        }
    }

    /** The record of a live tracked platform thread, or {@code null}: probes the same slots as {@link #ended}. */
    TrackedThread find(Thread thread) {
        int home = home(thread);
        for (int i = 0; i < PROBES; i++) {
            TrackedThread there = slots.get((home + i) & (SLOTS - 1));
            if (there != null && there.get() == thread) {
                return there;
            }
        }
        return overflow.isEmpty() ? null : overflow.get(thread);
    }

    /**
     * The home slot: the thread id times the golden ratio (Fibonacci hashing), so that threads started one after
     * the other land in different cache lines and the starting thread and the exiting ones do not write the same
     * line.
     */
    private static int home(Thread thread) {
        return (int) ((SafeThreads.id(thread) * 0x9E3779B97F4A7C15L) >>> (64 - SLOT_BITS));
    }

    /**
     * Hands every live tracked thread to {@code each}, after dropping (and counting as ended) those that terminated
     * unseen or never started, and then the live virtual threads that were counted but not recorded, found in the
     * JDK's containers (see {@link #adopt}). Starts and exits may run concurrently; sweeps take turns.
     */
    public synchronized void sweep(Consumer<TrackedThread> each) {
        long now = ticker.millis();
        Map<Site, int[]> counts = new IdentityHashMap<>();
        // until a start is counted without a record, nothing is there to adopt and the containers are not read
        boolean adopting = virtuals != null && (unrecorded || !adopted.isEmpty());
        Map<Thread, Boolean> recorded = adopting ? new IdentityHashMap<>() : null;
        Consumer<TrackedThread> counted = t -> {
            counts.computeIfAbsent(t.site(), s -> new int[1])[0]++;
            if (recorded != null && t.site().kind() == Site.Kind.VIRTUAL) {
                recorded.put(t.get(), Boolean.TRUE);
            }
            each.accept(t);
        };
        for (int i = 0; i < SLOTS; i++) {
            TrackedThread t = slots.get(i);
            if (t != null) {
                if (!gone(t, now)) {
                    counted.accept(t);
                } else if (slots.compareAndSet(i, t, null)) {
                    removed(t.get());
                }
            }
        }
        for (Map.Entry<Thread, TrackedThread> e : overflow.entrySet()) {
            TrackedThread t = e.getValue();
            if (!gone(t, now)) {
                counted.accept(t);
            } else if (overflow.remove(e.getKey(), t)) {
                removed(e.getKey());
            }
        }
        if (adopting) {
            Map<Thread, TrackedThread> was = adopted;
            Map<Thread, TrackedThread> next = new IdentityHashMap<>();
            long limit = adoptLimit;
            boolean[] left = {false};
            boolean read = virtuals.test(thread -> {
                if (next.size() >= limit) {
                    left[0] = true;
                    return;
                }
                if (SafeThreads.id(thread) <= firstId || recorded.containsKey(thread) || next.containsKey(thread)) {
                    return;
                }
                TrackedThread t = was.get(thread);
                if (t == null) {
                    Site site = siteOf.apply(thread);
                    if (site == null) {
                        return;
                    }
                    t = new TrackedThread(thread, site, TrackedThread.UNKNOWN, now, null);
                }
                if (!gone(t, now)) {
                    next.put(thread, t);
                    counted.accept(t);
                }
            });
            if (!read) {
                // the containers could not be read this time: keep the threads adopted before, while they live
                for (TrackedThread t : was.values()) {
                    if (!next.containsKey(t.get()) && !gone(t, now)) {
                        next.put(t.get(), t);
                        counted.accept(t);
                    }
                }
            }
            adopted = next;
            cut = left[0];
        } else {
            cut = false;
        }
        for (Site site : sites.all()) {
            // a sweep cut short by limitAdopted did not see every virtual thread: the unseen ones have not ended
            if (site.kind().threads() && !(cut && site.kind() == Site.Kind.VIRTUAL)) {
                int[] n = counts.get(site);
                site.settle(n == null ? 0 : n[0]);
            }
        }
    }

    private static boolean gone(TrackedThread t, long now) {
        Thread.State state = SafeThreads.state(t.get());
        return state == Thread.State.TERMINATED
                || (state == Thread.State.NEW && now - t.startMillis() > FAILED_START_MILLIS);
    }

    /** The live tracked threads grouped by site, after a {@link #sweep}. */
    public Map<Site, List<TrackedThread>> bySite() {
        Map<Site, List<TrackedThread>> out = new IdentityHashMap<>();
        sweep(t -> out.computeIfAbsent(t.site(), s -> new ArrayList<>()).add(t));
        return out;
    }
}
