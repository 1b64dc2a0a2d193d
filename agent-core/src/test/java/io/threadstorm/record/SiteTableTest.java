package io.threadstorm.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiteTableTest {

    private final StackCapture capture = new StackCapture(32, new Frames(List.of()));

    private StackCapture.Walk walkFromLineA() {
        return io.threadstorm.testsites.Caller.lineA(capture);
    }

    private StackCapture.Walk walkFromLineB() {
        return io.threadstorm.testsites.Caller.lineB(capture);
    }

    @Test
    void theSameStackInternsToOneSite() {
        SiteTable table = new SiteTable(100, new Frames(List.of("io.threadstorm.record")));
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sites.add(table.intern(walkFromLineA(), Site.Kind.PLATFORM));
        }
        for (Site s : sites) {
            assertSame(sites.get(0), s);
        }
        assertEquals(1, table.size());
    }

    @Test
    void differentLinesAndSaltsAreDifferentSites() {
        SiteTable table = new SiteTable(100, new Frames(List.of()));
        Site a = table.intern(walkFromLineA(), Site.Kind.PLATFORM);
        Site b = table.intern(walkFromLineB(), Site.Kind.PLATFORM);
        assertNotEquals(a.id(), b.id());
        assertNotEquals(io.threadstorm.testsites.Caller.salted(capture, 1).hash(),
                io.threadstorm.testsites.Caller.salted(capture, 2).hash(), "the same stack of another kind");
    }

    @Test
    void theFrameIsTheFirstApplicationFrame() {
        SiteTable table = new SiteTable(100, new Frames(List.of("io.threadstorm.testsites")));
        Site a = table.intern(walkFromLineA(), Site.Kind.PLATFORM);
        assertTrue(a.frame().startsWith("io.threadstorm.testsites.Caller.lineA(Caller.java:"), a.frame());
        assertEquals("lineA", a.stack().get(0).getMethodName(), "the agent's own frames are cut from the top");
    }

    @Test
    void withoutAppPackagesTheFrameIsTheFirstOutsideTheJdk() {
        Frames frames = new Frames(List.of());
        List<StackTraceElement> stack = List.of(
                new StackTraceElement("java.lang.Thread", "start", "Thread.java", 802),
                new StackTraceElement("com.lib.Pool", "spawn", "Pool.java", 10),
                new StackTraceElement("com.acme.Dao", "run", "Dao.java", 16));
        assertEquals("com.lib.Pool.spawn(Pool.java:10)", frames.siteFrame(stack));
        assertEquals("com.acme.Dao.run(Dao.java:16)", new Frames(List.of("com.acme")).siteFrame(stack));
        assertEquals("com.lib.Pool.spawn(Pool.java:10)", new Frames(List.of("com.ac")).siteFrame(stack),
                "a prefix matches whole package names only");
        assertEquals("java.lang.Thread.start(Thread.java:802)",
                frames.siteFrame(List.of(new StackTraceElement("java.lang.Thread", "start", "Thread.java", 802))));
    }

    @Test
    void aKnownSiteIsFoundByAShortWalkAndDeepCallersDoNotSplitIt() {
        Frames app = new Frames(List.of("io.threadstorm.testsites"));
        StackCapture capture = new StackCapture(32, app);
        SiteTable table = new SiteTable(100, app);
        StackCapture.Walk a = io.threadstorm.testsites.Caller.fromPathA(capture, table::contains);
        Site first = table.intern(a, Site.Kind.PLATFORM);
        assertTrue(first.stack().size() > 5, "a new site keeps its whole stack: " + first.stack());
        StackCapture.Walk b = io.threadstorm.testsites.Caller.fromPathB(capture, table::contains);
        assertEquals(first.id(), b.hash(), "the same line under other deep callers is the same site");
        assertSame(first, table.intern(b, Site.Kind.PLATFORM));
        assertTrue(b.elements().size() <= 4, "a known site stops the walk early: " + b.elements());
    }

    @Test
    void distinctSitesAreBoundedByAnOverflowSite() {
        SiteTable table = new SiteTable(16, new Frames(List.of()));
        for (int salt = 0; salt < 100; salt++) {
            table.intern(io.threadstorm.testsites.Caller.salted(capture, salt), Site.Kind.PLATFORM);
        }
        assertEquals(16, table.size());
        Site overflow = table.intern(io.threadstorm.testsites.Caller.salted(capture, 12345), Site.Kind.PLATFORM);
        assertEquals(SiteTable.OVERFLOW_FRAME, overflow.frame());
        assertSame(overflow, table.intern(io.threadstorm.testsites.Caller.salted(capture, 777), Site.Kind.PLATFORM));
    }
}
