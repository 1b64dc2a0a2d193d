package io.threadstorm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.classify.Category;
import io.threadstorm.classify.Cause;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarkdownRendererTest {

    private final MarkdownRenderer renderer = new MarkdownRenderer();

    @Test
    void startsWithTheVerdict() {
        String md = renderer.render(SampleReports.exitReport());

        assertTrue(md.startsWith("# threadstorm report\n\n**" + SampleReports.VERDICT + "**\n\n"), md);
    }

    @Test
    void contextLineNamesTriggerTimeProcessAndThreads() {
        String md = renderer.render(SampleReports.exitReport());

        assertTrue(md.contains("\nExit report at 2026-11-26T10:15:30Z, pid 4242, Java 17.0.15, up 1m 35s, "
                + "412 live threads (3 virtual), baseline 38, 9 JVM/agent threads not analyzed.\n"), md);
    }

    @Test
    void suspectTableHasOneRowPerSuspect() {
        String md = renderer.render(SampleReports.exitReport());

        assertTrue(md.contains("| # | Category | Live | Growth/min | Blocked | Avg age | Site |\n"), md);
        assertTrue(md.contains("| 1 | POOL_NEVER_SHUTDOWN | 370 | 240.0 | 100% | 51s | "
                + "`com.acme.ReportDao.runReport(ReportDao.java:16)` |\n"), md);
        assertTrue(md.contains("| 3 | FUTURE_NEVER_COMPLETED | 12 | 6.0 | 92% | 1m 36s | "
                + "`com.acme.Client.call(Client.java:55)` |\n"), md);
    }

    @Test
    void suspectSectionExplainsCauseEvidenceAndFix() {
        String md = renderer.render(SampleReports.exitReport());

        assertTrue(md.contains("## 1. POOL_NEVER_SHUTDOWN at `com.acme.ReportDao.runReport(ReportDao.java:16)`\n"), md);
        assertTrue(md.contains("**Site:** `com.acme.ReportDao.runReport(ReportDao.java:16)`, kind platform"), md);
        assertTrue(md.contains("**Cause:** POOL_NEVER_SHUTDOWN, confidence 0.90, waiting at "
                + "`java.base/java.util.concurrent.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:1062)`"), md);
        assertTrue(md.contains("- 370 pools created at ReportDao.java:16, none shut down\n"
                + "- every worker idles in ThreadPoolExecutor.getTask\n"), md);
        assertTrue(md.contains("**Fix:** Create the pool once and reuse it, or call shutdown() when runReport "
                + "returns.\n"), md);
    }

    @Test
    void creationStackIsCutAtFifteenFrames() {
        String md = renderer.render(SampleReports.exitReport());

        assertTrue(md.contains("```\nat java.base/java.lang.Thread.start(Thread.java:809)\n"
                + "at com.acme.ReportDao.runReport(ReportDao.java:16)\n"), md);
        assertTrue(md.contains("at com.acme.web.Handler.layer14(Handler.java:114)\n... 25 more\n```\n"), md);
        assertFalse(md.contains("layer15("), md);
    }

    @Test
    void showsAtMostThreeExamplesWithTheirTopFrames() {
        String md = renderer.render(SampleReports.exitReport());

        assertTrue(md.contains("**Example threads** (3 of 370):"), md);
        assertTrue(md.contains("`pool-12-thread-1` (id 81), WAITING, age 1m 32s\n"), md);
        assertTrue(md.contains("`pool-14-thread-1`"), md);
        assertFalse(md.contains("pool-15-thread-1"), md);
        // 7 frames, all shown; a longer stack would stop at 8
        assertTrue(md.contains("at java.base/java.lang.Thread.run(Thread.java:840)\n```"), md);
    }

    @Test
    void exampleStackIsCutAtEightFrames() {
        List<String> frames = SampleReports.stack(12, "a.B.c(B.java:1)");
        Report.Suspect suspect = new Report.Suspect(1, null, 10, 10, 0, 1.0, Map.of(), 1.0, null, null,
                List.of(new Report.ExampleThread(1, "t", "WAITING", 5.0, frames)));

        String md = renderer.render(report(List.of(suspect), List.of()));

        assertTrue(md.contains("at com.acme.web.Handler.layer7(Handler.java:107)\n... 4 more\n```"), md);
    }

    @Test
    void aliveAtExitIsACompactTableBySite() {
        String md = renderer.render(SampleReports.exitReport());

        assertTrue(md.contains("## Still alive at exit\n\n3 threads from 2 sites were still running"), md);
        assertTrue(md.contains("| 2 | executor | TIMED_WAITING 2 | `com.acme.Scheduler.<init>(Scheduler.java:22)` "
                + "| `scheduler-1` |\n"), md);
    }

    @Test
    void escapesPipesInTableCells() {
        String md = renderer.render(SampleReports.exitReport());

        // a pipe in a thread name must not split the row
        assertTrue(md.contains("| `metrics\\|push` |\n"), md);
        Report.Suspect suspect = new Report.Suspect(1,
                new Report.Site("0123456789abcdef", "platform", "a.B.lambda$x|y(B.java:1)", List.of()),
                10, 10, 0, 1.0, Map.of("WAITING", 10), 1.0, new Report.Ages(100, 100),
                new Cause(Category.WAITING, 0.5, null, List.of(), "f"), List.of());

        String pipes = renderer.render(report(List.of(suspect), List.of()));

        assertTrue(pipes.contains("| `a.B.lambda$x\\|y(B.java:1)` |\n"), pipes);
        for (String row : pipes.lines().filter(l -> l.startsWith("| 1 ")).toList()) {
            // 7 cells between 8 unescaped pipes
            assertEquals(9, row.split("(?<!\\\\)\\|", -1).length, row);
        }
    }

    @Test
    void backticksNeverBreakCodeSpans() {
        String md = renderer.render(SampleReports.exitReport());

        assertTrue(md.contains("`` batch-`1` `` (id 200)"), md);
        assertEquals("``a`b``", MarkdownText.code("a`b"));
        assertEquals("````x```y````", MarkdownText.code("x```y"));
        assertEquals("a\\|b \\`c\\`", MarkdownText.cell("a|b `c`"));
    }

    @Test
    void htmlLookalikesStayVisibleOnGitHub() {
        Report.Suspect suspect = new Report.Suspect(1,
                new Report.Site("0123456789abcdef", "platform", "a.B.<init>(B.java:1)", List.of()),
                10, 10, 0, 1.0, Map.of("WAITING", 10), 1.0, new Report.Ages(100, 100),
                new Cause(Category.WAITING, 0.5, null, List.of("created in a.B.<init>"), "f"), List.of());

        String md = renderer.render(report(List.of(suspect), List.of()));

        assertTrue(md.contains("- created in a.B.\\<init>\n"), md);
        assertTrue(md.contains("`a.B.<init>(B.java:1)`"), md);
    }

    @Test
    void saysPlainlyWhenNoLeakWasFound() {
        Report report = new Report(Report.SCHEMA, "surge", "2026-11-26T10:15:30Z", new Report.Jvm(1, "17", 10),
                new Report.Summary(20, 0, 20, 5, "Thread count is at its baseline."), List.of(), List.of());

        String md = renderer.render(report);

        assertTrue(md.contains("\nNo thread leak found: no creation site holds enough live threads"), md);
        assertFalse(md.contains("| # |"), md);
        assertFalse(md.contains("Still alive at exit"), md);
    }

    @Test
    void doesNotRepeatNoLeakWhenTheVerdictSaysIt() {
        String md = renderer.render(SampleReports.noLeakReport());

        assertTrue(md.startsWith("# threadstorm report\n\n**No thread leak found: 40 live threads"), md);
        assertTrue(md.contains("\nNone: no creation site holds"), md);
    }

    @Test
    void rendersAPartialReportWithoutFailing() {
        Report.Suspect bare = new Report.Suspect(1, null, 3, 3, 0, Double.NaN, null, 1.0, null, null, null);
        Report report = new Report(null, null, null, null, null, List.of(bare),
                List.of(new Report.AliveGroup(null, 1, null, null)));

        String md = renderer.render(report);

        assertTrue(md.startsWith("# threadstorm report\n\n**Thread leak suspects found.**\n\nReport."), md);
        assertTrue(md.contains("| 1 | UNKNOWN | 3 | ? | 100% | ? | ? |"), md);
        assertTrue(md.contains("**Cause:** not classified."), md);
        assertTrue(md.contains("| 1 | ? |  | ? |  |"), md);
    }

    @Test
    void unknownAgesShowAsQuestionMarks() {
        assertEquals("?", MarkdownText.duration(-1));
        assertEquals("0.5s", MarkdownText.duration(0.5));
        assertEquals("59s", MarkdownText.duration(59.4));
        assertEquals("1m 00s", MarkdownText.duration(60));
        assertEquals("2h 05m", MarkdownText.duration(2 * 3600 + 5 * 60 + 10));
        assertEquals("3d 01h", MarkdownText.duration(3 * 86_400 + 3600));
    }

    private static Report report(List<Report.Suspect> suspects, List<Report.AliveGroup> alive) {
        return new Report(Report.SCHEMA, "surge", "2026-11-26T10:15:30Z", new Report.Jvm(1, "17", 100),
                new Report.Summary(50, 0, 20, 5, "Leak."), suspects, alive);
    }
}
