package io.threadstorm.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.testsites.FutureStarts;
import io.threadstorm.testsites.PlatformStarts;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Platform-thread starts whose task's class already told the site skip the stack walk, except one in
 * {@link Tracker#PLATFORM_CHECK}, which catches a task class started from a second place. Threads are recorded, not
 * started ({@code java.lang} is opened to the tests by the surefire configuration, as the agent opens it).
 */
class TrackerTest {

    /**
     * Fresh trackers a test of the cache repeats itself on: a start is checked by chance, the first one from a second
     * place too (1 in 16), so one tracker may never use the cache there; five all doing so is one in a million.
     */
    private static final int TRIALS = 5;

    private SiteTable sites;
    private Tracker tracker;

    @BeforeEach
    void fresh() {
        sites = new SiteTable(100, new Frames(List.of("io.threadstorm.testsites")));
        tracker = new Tracker(sites, 16, 10_000);
        tracker.openJdkInternals(null);
        assertTrue(PlatformTasks.reads(), "the platform task read passes its self-test on this JDK");
    }

    private List<Site> platformSites() {
        List<Site> out = new ArrayList<>();
        for (Site s : sites.all()) {
            if (s.kind() == Site.Kind.PLATFORM) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Threads started at {@code place}, over all its sites: a site is the start line with two of its callers, so
     * each loop of a test that reaches the place is a site of its own.
     */
    private long startedAt(String place) {
        long n = 0;
        for (Site s : platformSites()) {
            if (s.frame().startsWith("io.threadstorm.testsites.PlatformStarts." + place + "(")) {
                n += s.started();
            }
        }
        return n;
    }

    /** Records {@code n} starts at place A of threads {@code made} makes. */
    private void fromA(int n, Supplier<Thread> made) {
        for (int i = 0; i < n; i++) {
            PlatformStarts.fromA(tracker, made.get());
        }
    }

    private void fromB(int n, Supplier<Thread> made) {
        for (int i = 0; i < n; i++) {
            PlatformStarts.fromB(tracker, made.get());
        }
    }

    @Test
    void aTaskClassStartedFromOnePlaceHasOneSiteAndEveryStartARecord() {
        fromA(200, PlatformStarts::withTask);
        assertEquals(1, platformSites().size(), platformSites().toString());
        assertEquals(200, startedAt("fromA"));
        int recorded = 0;
        for (List<TrackedThread> threads : tracker.live().bySite().values()) {
            for (TrackedThread t : threads) {
                assertEquals(Thread.currentThread().getId(), t.parentId(), "each start records its parent");
                recorded++;
            }
        }
        assertEquals(200, recorded);
    }

    /** Runs {@code trial} on {@link #TRIALS} fresh trackers: the sum of the starts each took from the cache. */
    private long takenFromCacheOver(LongSupplier trial) {
        long sum = 0;
        for (int i = 0; i < TRIALS; i++) {
            fresh();
            sum += trial.getAsLong();
        }
        return sum;
    }

    @Test
    void aSecondPlaceIsFoundByTheCheckAndFromThenOnEveryStartWalks() {
        long takenFromCache = takenFromCacheOver(() -> {
            fromA(20, PlatformStarts::withTask);
            fromB(400, PlatformStarts::withTask);
            long a = startedAt("fromA");
            long b = startedAt("fromB");
            assertEquals(420, a + b);
            // the check found B long before the end (one start in 16 walks), and then the class walks every time
            assertTrue(b >= 200, "starts at B after the check found it: " + b);
            fromB(50, PlatformStarts::withTask);
            assertEquals(b + 50, startedAt("fromB"), "an ambiguous class walks every start");
            return a - 20; // starts from B before the check found B counted on A, taken from the cache without a walk
        });
        assertTrue(takenFromCache > 0, "the cache was used");
    }

    @Test
    void anAnonymousThreadClassNamesItsSite() {
        long takenFromCache = takenFromCacheOver(() -> {
            fromA(100, PlatformStarts::anonymous);
            fromB(400, PlatformStarts::anonymous);
            assertEquals(500, startedAt("fromA") + startedAt("fromB"));
            return startedAt("fromA") - 100;
        });
        assertTrue(takenFromCache > 0, "anonymous classes are cached too");
    }

    /**
     * A task class written in a library says nothing about which application line asked the library for a thread:
     * it never names a site, so starts from two application lines are never merged, not even until a check.
     */
    @Test
    void aLibraryTaskClassStartedFromTwoApplicationLinesNeverMergesThem() {
        for (boolean lambda : new boolean[] {false, true}) {
            fresh();
            for (int i = 0; i < 200; i++) {
                PlatformStarts.libraryFromC(tracker, lambda);
                PlatformStarts.libraryFromD(tracker, lambda);
            }
            assertEquals(200, startedAt("libraryFromC"), (lambda ? "lambda " : "anonymous ") + platformSites());
            assertEquals(200, startedAt("libraryFromD"), (lambda ? "lambda " : "anonymous ") + platformSites());
        }
    }

    @Test
    void aNamedTaskClassAlwaysWalks() {
        fromA(100, () -> new Thread(new PlatformStarts.Named()));
        fromB(100, () -> new Thread(new PlatformStarts.Named()));
        assertEquals(100, startedAt("fromA"));
        assertEquals(100, startedAt("fromB"));
    }

    /** Futures recorded at {@code place} ({@code FutureStarts}), over all its sites. */
    private long futuresAt(String place) {
        long n = 0;
        for (Site s : sites.all()) {
            if (s.kind() == Site.Kind.FUTURE && s.frame().startsWith("io.threadstorm.testsites.FutureStarts." + place
                    + "(")) {
                n += s.started();
            }
        }
        return n;
    }

    /**
     * A call site that creates futures by the thousand gets its few walks a second, and a second call site its own:
     * the cost no longer grows with the rate of creations, and a hot call site does not starve a rare one.
     */
    @Test
    void eachFutureCallSiteWalksWithinItsOwnBudget() {
        long[] now = {7_000_000_000L};
        tracker.nanoClock(() -> now[0]);
        for (int i = 0; i < 1000; i++) {
            FutureStarts.fromA(tracker);
        }
        assertEquals(Tracker.FUTURE_WALKS_PER_SITE, futuresAt("fromA"), "the call site's burst, then nothing");
        now[0] += 1_000_000_000L / Tracker.FUTURE_PROBES_PER_SECOND; // the next JVM-wide probe
        FutureStarts.fromB(tracker);
        assertEquals(1, futuresAt("fromB"), "a second call site is not starved by the first");
        now[0] += 1_000_000_000L;
        for (int i = 0; i < 1000; i++) {
            FutureStarts.fromA(tracker);
        }
        assertEquals(2L * Tracker.FUTURE_WALKS_PER_SITE, futuresAt("fromA"), "a second later, the rate again");
    }

    /** The JVM-wide budget of call-site walks bounds everything, and the boost raises it. */
    @Test
    void theProbeBudgetBoundsAllCallSitesAndTheBoostRaisesIt() {
        long[] now = {0};
        tracker.nanoClock(() -> now[0]);
        long step = 1_000_000_000L / Tracker.FUTURE_PROBES_PER_SECOND;
        for (int i = 0; i < 10 * Tracker.FUTURE_PROBES_PER_SECOND; i++) {
            FutureStarts.fromA(tracker);
        }
        assertEquals(Tracker.FUTURE_WALKS_PER_SITE, futuresAt("fromA"));
        tracker.boostFutures(true);
        for (int i = 0; i < 2 * Tracker.FUTURE_PROBES_PER_SECOND; i++) {
            now[0] += step; // two seconds, one creation per normal probe step: the boosted call site walks 16x
            FutureStarts.fromA(tracker);
        }
        assertTrue(futuresAt("fromA") > 4L * Tracker.FUTURE_WALKS_PER_SITE, "boosted: " + futuresAt("fromA"));
    }
}
