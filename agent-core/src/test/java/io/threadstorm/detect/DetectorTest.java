package io.threadstorm.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.classify.DeadlockCycle;
import io.threadstorm.record.Frames;
import io.threadstorm.record.Site;
import io.threadstorm.record.SiteTable;
import io.threadstorm.record.StackCapture;
import io.threadstorm.sample.Sample;
import io.threadstorm.sample.SiteSample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The leak rule on timelines of a site, sample by sample. */
class DetectorTest {

    private static final Detector.Rule RULE = new Detector.Rule(6, 10, 0.67, 1.0, 2.0, 4);

    private final Site site = new SiteTable(100, new Frames(List.of()))
            .intern(io.threadstorm.testsites.Caller.salted(new StackCapture(8, new Frames(List.of())), 42), Site.Kind.PLATFORM);

    private static SiteSample at(Site site, int live, long started, long ended, double stuck, double age,
                                 List<DeadlockCycle> deadlocks) {
        return new SiteSample(site, live, started, ended, Map.of("WAITING", live), stuck, stuck, age, age * 2, List.of(), 0,
                0, null, deadlocks, null);
    }

    private List<Detector.Verdict> feed(Detector d, int i, SiteSample s) {
        return d.evaluate(new Sample(i * 250L, 40 + s.live(), 0, 7, List.of(s)));
    }

    @Test
    void aSiteThatGrowsStuckAndOldIsASuspect() {
        Detector d = new Detector(RULE);
        List<Detector.Verdict> last = List.of();
        for (int i = 0; i < 12; i++) {
            last = feed(d, i, at(site, 4 + i, 4 + i, 0, 1.0, 0.5 + i * 0.25, List.of()));
        }
        assertEquals(1, last.size());
        assertTrue(last.get(0).growthPerMinute() > 0);
    }

    @Test
    void youngThreadsAreNotYetSuspects() {
        Detector d = new Detector(RULE);
        List<Detector.Verdict> last = List.of();
        for (int i = 0; i < 12; i++) {
            last = feed(d, i, at(site, 10 + i, 10 + i, 0, 1.0, 0.5, List.of()));
        }
        assertTrue(last.isEmpty());
    }

    @Test
    void busyThreadsAreNotSuspects() {
        Detector d = new Detector(RULE);
        List<Detector.Verdict> last = List.of();
        for (int i = 0; i < 12; i++) {
            last = feed(d, i, at(site, 10 + i, 10 + i, 0, 0.3, 5, List.of()));
        }
        assertTrue(last.isEmpty());
    }

    @Test
    void aPoolThatGrowsAndShrinksIsNotASuspect() {
        Detector d = new Detector(RULE);
        long started = 0;
        long ended = 0;
        boolean any = false;
        for (int i = 0; i < 40; i++) {
            int live = 20 + (i % 8) * 3; // up and down
            started += 12;
            ended = started - live;
            any |= !feed(d, i, at(site, live, started, ended, 1.0, 5, List.of())).isEmpty();
        }
        assertFalse(any, "threads that end are churn, not a leak");
    }

    @Test
    void aSiteThatStoppedGrowingIsNotASurgeAnyMore() {
        Detector d = new Detector(RULE);
        List<Detector.Verdict> last = List.of();
        for (int i = 0; i < 30; i++) {
            int live = Math.min(20, 4 + i);
            last = feed(d, i, at(site, live, live, 0, 1.0, 5, List.of()));
        }
        assertTrue(last.isEmpty());
        Sample exit = new Sample(31 * 250L, 60, 0, 7, List.of(at(site, 20, 20, 0, 1.0, 8, List.of())));
        assertEquals(1, d.atExit(exit).size(), "at exit a site flagged before is still named");
    }

    @Test
    void aDeadlockIsASuspectWhateverItsSize() {
        Detector d = new Detector(RULE);
        DeadlockCycle cycle = new DeadlockCycle(List.of(
                new DeadlockCycle.Member(1, "a", List.of("x"), "y", 2),
                new DeadlockCycle.Member(2, "b", List.of("y"), "x", 1)));
        List<Detector.Verdict> v = feed(d, 0, at(site, 2, 2, 0, 1.0, 3, List.of(cycle)));
        assertEquals(1, v.size());
        assertTrue(v.get(0).deadlocked());
    }

    @Test
    void theBaselineIsLearnedAndASurgeIsSeen() {
        Detector d = new Detector(RULE);
        for (int i = 0; i < 4; i++) {
            d.evaluate(new Sample(i, 30, 0, 7, List.of()));
        }
        assertEquals(30, d.baseline());
        assertFalse(d.surging());
        d.evaluate(new Sample(5, 75, 0, 7, List.of()));
        assertTrue(d.surging());
    }
}
