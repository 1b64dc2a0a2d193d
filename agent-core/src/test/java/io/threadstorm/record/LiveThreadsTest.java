package io.threadstorm.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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
            Thread t = new Thread(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
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
}
