package io.threadstorm.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LiveThreadsTest {

    private final SiteTable table = new SiteTable(100, new Frames(List.of()));
    private final Site site = table.intern(
            io.threadstorm.testsites.Caller.lineA(new StackCapture(32, new Frames(List.of()))), Site.Kind.PLATFORM);
    private final LiveThreads live = new LiveThreads(table);

    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+, and this compiles for 17
    private static final java.util.Comparator<Thread> BY_ID = java.util.Comparator.comparingLong(Thread::getId);

    /** The threads tracked now, as a sweep hands them out. */
    private List<Thread> tracked() {
        List<Thread> out = new ArrayList<>();
        live.sweep(t -> out.add(t.get()));
        return out;
    }

    private List<Thread> startParked(int n, CountDownLatch release) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread t = parkedUntil(release);
            live.add(new TrackedThread(t, site, 1, System.currentTimeMillis(), null));
            threads.add(t);
        }
        return threads;
    }

    @Test
    void anExitForgetsTheThreadAndCountsItEnded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = startParked(10, release);
        assertEquals(10, live.bySite().get(site).size());
        assertEquals(10, site.live());
        for (Thread t : threads.subList(0, 3)) {
            live.ended(t);
        }
        List<Thread> tracked = tracked();
        assertEquals(threads.subList(3, 10).stream().sorted(BY_ID).toList(), tracked.stream().sorted(BY_ID).toList());
        assertEquals(3, site.ended());
        assertEquals(7, site.live());
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
    }

    @Test
    void aSweepDropsThreadsThatEndedUnseen() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = startParked(5, release);
        live.ended(threads.get(0));
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertNull(live.bySite().get(site));
        assertEquals(List.of(), tracked());
        assertEquals(5, site.started());
        assertEquals(5, site.ended(), "one exit seen, four swept, none counted twice");
        live.ended(threads.get(1));
        assertEquals(5, site.ended(), "an exit after the sweep counts nothing");
    }

    @Test
    void aStartThatFailedIsDroppedOnceItIsOld() {
        Thread recent = new Thread(() -> { });
        Thread failed = new Thread(() -> { });
        live.add(new TrackedThread(recent, site, 1, System.currentTimeMillis(), null));
        live.add(new TrackedThread(failed, site, 1, System.currentTimeMillis() - 60_000, null));
        List<TrackedThread> seen = new ArrayList<>();
        live.sweep(seen::add);
        assertEquals(1, seen.size());
        assertSame(recent, seen.get(0).get());
        assertEquals(1, site.ended());
    }

    /** Stands in for {@code VirtualThread}, which JDK 17 lacks: the virtual-thread class is the seam. */
    private static final class Standin extends Thread {
        Standin(Runnable task) {
            super(task);
        }
    }

    /**
     * A virtual thread's exit looks in the table only while some virtual thread has a record there: each record put
     * in counts, each taken out by an exit or a sweep is taken off, so a recorded thread's exit still finds it.
     */
    @Test
    void virtualExitsLookOnlyWhileVirtualThreadsHaveRecords() throws Exception {
        LiveThreads live = new LiveThreads(table, Ticker.SYSTEM, Standin.class);
        CountDownLatch release = new CountDownLatch(1);
        Runnable parked = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Thread platform = parkedUntil(release);
        live.add(new TrackedThread(platform, site, 1, System.currentTimeMillis(), null));
        assertEquals(0, live.virtualRecords(), "a platform thread is not counted");
        List<Thread> virtual = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread t = new Standin(parked);
            t.start();
            live.add(new TrackedThread(t, site, 1, System.currentTimeMillis(), null));
            virtual.add(t);
        }
        live.add(new TrackedThread(virtual.get(0), site, 1, System.currentTimeMillis(), null));
        assertEquals(3, live.virtualRecords(), "a second start of a tracked thread stores nothing");
        live.ended(virtual.get(0));
        assertNull(live.find(virtual.get(0)), "the exit of a recorded virtual thread finds its record");
        assertEquals(2, live.virtualRecords());
        live.ended(virtual.get(0));
        assertEquals(2, live.virtualRecords(), "a second exit takes nothing off");
        live.ended(virtual.get(1));
        release.countDown();
        for (Thread t : virtual) {
            t.join();
        }
        platform.join();
        live.sweep(t -> { });
        assertEquals(0, live.virtualRecords(), "the sweep took off the one that ended unseen");
        assertNull(live.find(virtual.get(2)));
        assertNull(live.find(platform));
    }

    @Test
    void aSecondStartOfATrackedThreadIsNotCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread t = startParked(1, release).get(0);
        live.add(new TrackedThread(t, site, 1, System.currentTimeMillis(), null));
        assertEquals(1, site.started());
        assertEquals(List.of(t), tracked());
        release.countDown();
        t.join();
    }

    /**
     * Starts counted without a record (virtual threads of a known site, JDK 21+) are found by the sweep's enumerator:
     * adopted once, with no parent and the time first seen, kept across a sweep that could not enumerate, dropped
     * when they end; a thread that may predate the agent, a recorded one, or one whose site is unknown is not adopted.
     * Platform threads stand in for virtual ones: the enumerator is the seam.
     */
    @Test
    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+, and this compiles for 17
    void countedStartsAreAdoptedFromTheEnumeratorKeptAndDropped() throws Exception {
        Site site = table.intern(
                io.threadstorm.testsites.Caller.lineA(new StackCapture(32, new Frames(List.of()))), Site.Kind.VIRTUAL);
        CountDownLatch before = new CountDownLatch(1);
        Thread old = parkedUntil(before); // may predate the agent: its id is at or below the first new one
        long firstNew = new Thread(() -> { }).getId();
        CountDownLatch early = new CountDownLatch(1);
        CountDownLatch late = new CountDownLatch(1);
        List<Thread> counted = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            counted.add(parkedUntil(i < 2 ? early : late));
            site.countStart();
            live.countedWithoutRecord();
        }
        Thread recorded = parkedUntil(late); // recorded: found by both, counted once
        live.add(new TrackedThread(recorded, site, 1, System.currentTimeMillis(), null));
        Thread unknown = parkedUntil(late); // the enumerator finds it, but its site is not known
        List<Thread> all = new ArrayList<>(counted);
        all.addAll(List.of(old, recorded, unknown));
        boolean[] readable = {true};
        live.adopt(each -> {
            if (!readable[0]) {
                return false;
            }
            all.forEach(each);
            return true;
        }, t -> t == unknown ? null : site, firstNew);

        List<TrackedThread> first = new ArrayList<>();
        live.sweep(first::add);
        assertEquals(7, first.size(), "six adopted and the recorded one");
        assertEquals(7, site.started());
        assertEquals(7, site.live());
        for (TrackedThread t : first) {
            assertEquals(t.get() == recorded ? 1 : TrackedThread.UNKNOWN, t.parentId());
        }

        readable[0] = false;
        List<TrackedThread> second = new ArrayList<>();
        live.sweep(second::add);
        assertEquals(7, site.live(), "a sweep that cannot enumerate keeps the adopted threads");
        for (TrackedThread t : first) {
            assertTrue(second.stream().anyMatch(s -> s == t), "the same record, so the time first seen is kept");
        }

        readable[0] = true;
        early.countDown();
        for (Thread t : counted.subList(0, 2)) {
            t.join();
            all.remove(t);
        }
        assertEquals(5, tracked().size());
        assertEquals(2, site.ended());
        assertEquals(5, site.live());
        before.countDown();
        late.countDown();
        for (Thread t : all) {
            t.join();
        }
    }

    private static Thread parkedUntil(CountDownLatch release) {
        Thread t = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        return t;
    }
}
