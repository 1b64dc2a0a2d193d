package io.threadstorm.cli;

import io.threadstorm.classify.Cause;
import io.threadstorm.classify.Classifier;
import io.threadstorm.classify.JdkFrames;
import io.threadstorm.classify.DeadlockCycle;
import io.threadstorm.classify.SiteFacts;
import io.threadstorm.classify.SystemThreads;
import io.threadstorm.classify.ThreadSample;
import io.threadstorm.classify.WaitPoints;
import io.threadstorm.dump.DumpDiff;
import io.threadstorm.dump.DumpedThread;
import io.threadstorm.dump.ThreadDump;
import io.threadstorm.dump.ThreadDumps;
import io.threadstorm.report.MarkdownRenderer;
import io.threadstorm.report.Report;
import io.threadstorm.report.ReportJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code analyze <dump> [<later-dump>] [--json]}: the agent's analysis for thread dumps taken without it. Threads are
 * grouped by name pattern and entry frame (a dump does not know creation sites); a group is a suspect when it holds at
 * least {@value #MIN_THREADS} threads, most of them stuck, and, given two dumps, it grew and its threads survived;
 * threads in a deadlock always are.
 */
final class AnalyzeCommand {

    static final int MIN_THREADS = 10;
    static final double STUCK = 0.67;
    private static final Pattern POOL_THREAD = Pattern.compile("pool-(\\d+)-thread-\\d+");

    private AnalyzeCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--heap")) {
            return io.threadstorm.proof.HeapProofCommand.run(args, out, err);
        }
        boolean json = args.contains("--json");
        List<String> files = args.stream().filter(a -> !a.equals("--json")).toList();
        if (files.isEmpty() || files.size() > 2 || files.stream().anyMatch(f -> f.startsWith("-"))) {
            err.println("threadstorm: usage: analyze <dump> [<later-dump>] [--json]");
            return 2;
        }
        ThreadDump first;
        ThreadDump second = null;
        try {
            first = ThreadDumps.parse(Path.of(files.get(0)));
            if (files.size() == 2) {
                second = ThreadDumps.parse(Path.of(files.get(1)));
            }
        } catch (IOException e) {
            err.println("threadstorm: " + e.getMessage());
            return 1;
        }
        DumpDiff diff = second == null ? DumpDiff.of(first) : DumpDiff.of(first, second);
        ThreadDump latest = second == null ? first : second;
        if (second != null && !diff.sameProcess()) {
            err.println("threadstorm: warning: the two dumps look like different processes");
        }
        Report report = analyze(diff, latest);
        out.print(json ? ReportJson.write(report) : new MarkdownRenderer().render(report));
        return 0;
    }

    static Report analyze(DumpDiff diff, ThreadDump latest) {
        boolean twoDumps = diff.earlier() != null && diff.earlier() != latest;
        Classifier classifier = new Classifier();
        List<Report.Suspect> suspects = new ArrayList<>();
        List<Report.AliveGroup> others = new ArrayList<>();
        int filtered = 0;
        for (DumpDiff.Group g : diff.groups()) {
            List<ThreadSample> samples = new ArrayList<>();
            for (DumpedThread t : g.examples()) {
                if (t.state() != null) { // a carrier's header in a JDK 25 text dump has no state line
                    samples.add(t.toSample());
                }
            }
            if (!samples.isEmpty() && samples.stream().allMatch(s -> SystemThreads.isSystem(s.name(), s.stack()))) {
                filtered += g.after();
                continue;
            }
            List<DeadlockCycle> cycles = cyclesOf(g, latest);
            double stuck = stuckRatio(g, samples);
            boolean grew = !twoDumps || (g.growth() > 0 && g.survived() > 0);
            boolean suspect = !cycles.isEmpty() || (g.after() >= MIN_THREADS && stuck >= STUCK && grew);
            Report.Site site = new Report.Site(String.format("%016x", mix(g.key().hashCode())), "dump",
                    g.frame() == null ? "unknown" : g.frame(), List.of());
            if (suspect) {
                int pools = poolsOf(latest, g);
                // a group whose threads run only JDK code (idle pool workers) has no frame that says where it began
                boolean jdkOnly = g.frame() == null || JdkFrames.isJdkFrameText(g.frame());
                SiteFacts facts = new SiteFacts("dump", jdkOnly ? null : g.frame(), g.after(), pools, 0, null, 0, 0,
                        null, -1, cycles);
                Cause cause = unknownOrigin(classifier.classify(facts, samples), g.namePattern(), jdkOnly);
                double growth = twoDumps && diff.secondsBetween() > 0 ? g.growth() * 60 / diff.secondsBetween() : 0;
                suspects.add(new Report.Suspect(0, site, g.after(), Math.max(0, g.started()), Math.max(0, g.ended()),
                        Math.round(growth * 100) / 100.0, g.states(), Math.round(stuck * 100) / 100.0,
                        ages(g), cause, examples(g)));
            } else {
                others.add(new Report.AliveGroup(site, g.after(), g.states(), examples(g)));
            }
        }
        suspects.sort((a, b) -> Integer.compare(b.live(), a.live()));
        List<Report.Suspect> ranked = new ArrayList<>();
        for (int i = 0; i < suspects.size(); i++) {
            Report.Suspect s = suspects.get(i);
            ranked.add(new Report.Suspect(i + 1, s.site(), s.live(), s.started(), s.ended(), s.growthPerMinute(),
                    s.states(), s.blockedRatio(), s.ageSeconds(), s.cause(), s.examples()));
        }
        String verdict = ranked.isEmpty()
                ? String.format(Locale.ROOT, "No thread leak found in the dump%s: %d threads, no group holds the leak rule.",
                        twoDumps ? "s" : "", latest.threads().size())
                : String.format(Locale.ROOT, "%d threads like %s look leaked (%s); fix: %s", ranked.get(0).live(),
                        ranked.get(0).site().frame(), ranked.get(0).cause().category(), ranked.get(0).cause().fix());
        int virtual = (int) latest.threads().stream().filter(DumpedThread::virtual).count();
        String created = latest.takenAt() == null ? Instant.now().toString()
                : latest.takenAt().atZone(java.time.ZoneOffset.UTC).toInstant().toString();
        return new Report(Report.SCHEMA, "dump", created,
                new Report.Jvm(latest.pid() > 0 ? latest.pid() : -1,
                        latest.jvmVersion() == null ? "unknown" : latest.jvmVersion(), -1),
                new Report.Summary(latest.threads().size(), virtual, -1, filtered, verdict), ranked, others);
    }

    /**
     * A dump says nothing of where threads were created: the cause names the group by its threads' names, and says
     * that the agent names the line.
     */
    private static Cause unknownOrigin(Cause cause, String names, boolean jdkOnly) {
        List<String> evidence = new ArrayList<>(cause.evidence());
        String note = "The threads are named like \"" + names + "\""
                + (jdkOnly ? " and run only JDK code (idle workers of a pool or scheduler)" : "")
                + "; a thread dump does not record where threads were created: run the JVM with"
                + " -javaagent:threadstorm-agent.jar, or attach it, to name the line that starts them.";
        if (evidence.size() >= 4) {
            evidence.set(3, note);
        } else {
            evidence.add(note);
        }
        return new Cause(cause.category(), cause.confidence(), cause.waitingAt(), evidence, cause.fix());
    }

    private static double stuckRatio(DumpDiff.Group g, List<ThreadSample> samples) {
        if (samples.isEmpty()) {
            return 0;
        }
        long stuck = samples.stream().filter(WaitPoints::isStuck).count();
        return (double) stuck / samples.size();
    }

    /** Pools named by {@code Executors.defaultThreadFactory} carry their pool number: count the distinct ones. */
    private static int poolsOf(ThreadDump dump, DumpDiff.Group g) {
        Set<String> pools = new HashSet<>();
        for (DumpedThread t : dump.threads()) {
            Matcher m = POOL_THREAD.matcher(t.name());
            if (m.matches() && g.namePattern().equals("pool-#-thread-#")) {
                pools.add(m.group(1));
            }
        }
        return pools.size();
    }

    private static List<DeadlockCycle> cyclesOf(DumpDiff.Group g, ThreadDump dump) {
        Set<Long> ids = new HashSet<>();
        g.examples().forEach(t -> ids.add(t.id()));
        List<DeadlockCycle> out = new ArrayList<>();
        for (DeadlockCycle c : dump.deadlocks()) {
            if (c.threads().stream().anyMatch(m -> ids.contains(m.id()))) {
                out.add(c);
            }
        }
        return out;
    }

    private static Report.Ages ages(DumpDiff.Group g) {
        double sum = 0;
        double max = -1;
        int n = 0;
        for (DumpedThread t : g.examples()) {
            if (t.elapsedSeconds() >= 0) {
                sum += t.elapsedSeconds();
                max = Math.max(max, t.elapsedSeconds());
                n++;
            }
        }
        return n == 0 ? new Report.Ages(-1, -1) : new Report.Ages(Math.round(sum / n * 100) / 100.0, max);
    }

    private static List<Report.ExampleThread> examples(DumpDiff.Group g) {
        List<Report.ExampleThread> out = new ArrayList<>();
        for (DumpedThread t : g.examples()) {
            List<String> stack = t.stack().stream().limit(24).map(StackTraceElement::toString).toList();
            out.add(new Report.ExampleThread(t.id(), t.name(), t.state() == null ? "UNKNOWN" : t.state().name(),
                    t.elapsedSeconds(), stack));
        }
        return out;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
