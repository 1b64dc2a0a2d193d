package io.threadstorm.core;

import io.threadstorm.classify.Category;
import io.threadstorm.classify.Cause;
import io.threadstorm.classify.Classifier;
import io.threadstorm.classify.SiteFacts;
import io.threadstorm.classify.ThreadSample;
import io.threadstorm.detect.Detector;
import io.threadstorm.record.Site;
import io.threadstorm.record.Tracker;
import io.threadstorm.report.Report;
import io.threadstorm.sample.Sample;
import io.threadstorm.sample.SiteSample;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns the detector's verdicts into a {@link Report}: classifies each suspect and writes the verdict sentence. */
final class ReportBuilder {

    private static final int EXAMPLES_SHOWN = 3;
    private static final int STACK_SHOWN = 24;
    /**
     * Site groups an exit report lists under {@code aliveAtExit}, the largest first: an exit with 10,000 threads at
     * 10,000 sites is summed up, not listed (the verdict counts the rest).
     */
    static final int ALIVE_GROUPS_SHOWN = 20;

    private final Tracker tracker;
    private final Classifier classifier = new Classifier();

    ReportBuilder(Tracker tracker) {
        this.tracker = tracker;
    }

    Report build(String trigger, Sample sample, List<Detector.Verdict> verdicts, int baseline, boolean exit) {
        List<Report.Suspect> suspects = new ArrayList<>();
        Set<Long> suspectSites = new HashSet<>();
        int rank = 1;
        for (Detector.Verdict v : verdicts) {
            suspects.add(suspect(rank++, v));
            suspectSites.add(v.site().site().id());
        }
        List<Report.AliveGroup> alive = new ArrayList<>();
        if (exit) {
            for (SiteSample s : sample.sites()) {
                if (!suspectSites.contains(s.site().id()) && s.live() > 0) {
                    alive.add(new Report.AliveGroup(site(s.site()), s.live(), s.states(), examples(s.examples())));
                }
            }
            alive.sort((a, b) -> Integer.compare(b.live(), a.live()));
        }
        String verdict = verdict(suspects, sample, baseline);
        if (alive.size() > ALIVE_GROUPS_SHOWN) {
            long rest = 0;
            for (Report.AliveGroup g : alive.subList(ALIVE_GROUPS_SHOWN, alive.size())) {
                rest += g.live();
            }
            verdict += String.format(Locale.ROOT, " Alive at exit and not listed: %d threads at %d more sites.",
                    rest, alive.size() - ALIVE_GROUPS_SHOWN);
            alive = new ArrayList<>(alive.subList(0, ALIVE_GROUPS_SHOWN));
        }
        var runtime = ManagementFactory.getRuntimeMXBean();
        return new Report(Report.SCHEMA, trigger, Instant.ofEpochMilli(sample.millis()).toString(),
                new Report.Jvm(ProcessHandle.current().pid(), System.getProperty("java.version"),
                        runtime.getUptime() / 1000.0),
                new Report.Summary(sample.liveThreads(), sample.virtualThreads(), baseline,
                        sample.filteredSystemThreads(), verdict),
                suspects, alive);
    }

    /** The cause category of a suspect, as its report would name it. */
    Category category(Detector.Verdict v) {
        return classifier.classify(facts(v.site()), v.site().examples()).category();
    }

    private Report.Suspect suspect(int rank, Detector.Verdict v) {
        SiteSample s = v.site();
        Cause cause = classifier.classify(facts(s), s.examples());
        return new Report.Suspect(rank, site(s.site()), s.live(), s.started(), s.ended(),
                round(v.growthPerMinute()), s.states(), round(v.stuckRatio()),
                new Report.Ages(round(s.avgAgeSeconds()), round(s.maxAgeSeconds())), cause, examples(s.examples()));
    }

    private SiteFacts facts(SiteSample s) {
        boolean timers = s.site().kind() == Site.Kind.TIMER_THREAD;
        Site future = s.awaitedFuture();
        String futureFrame = future == null ? null : future.frame();
        int pending = future == null ? -1 : (int) future.live();
        return new SiteFacts(s.site().kind().label(), s.site().frame(), s.live(),
                timers ? 0 : s.owners(), timers ? 0 : s.ownersShutDown(), timers ? null : s.ownerFrame(),
                timers ? s.owners() : 0, timers ? s.ownersShutDown() : 0, futureFrame, pending, s.deadlocks(),
                s.site().libraryCall());
    }

    static Report.Site site(Site site) {
        List<String> stack = new ArrayList<>();
        for (StackTraceElement e : site.stack()) {
            stack.add(e.toString());
        }
        return new Report.Site(site.idText(), site.kind().label(), site.frame(), stack);
    }

    private static List<Report.ExampleThread> examples(List<ThreadSample> samples) {
        List<Report.ExampleThread> out = new ArrayList<>();
        for (ThreadSample t : samples.subList(0, Math.min(EXAMPLES_SHOWN, samples.size()))) {
            List<String> stack = new ArrayList<>();
            for (StackTraceElement e : t.stack().subList(0, Math.min(STACK_SHOWN, t.stack().size()))) {
                stack.add(e.toString());
            }
            out.add(new Report.ExampleThread(t.id(), t.name(), t.state().name(), round(t.ageSeconds()), stack));
        }
        return out;
    }

    private static String verdict(List<Report.Suspect> suspects, Sample sample, int baseline) {
        if (suspects.isEmpty()) {
            return String.format(Locale.ROOT, "No thread leak found: %d live threads (baseline %d), no creation site"
                    + " holds the leak rule.", sample.liveThreads(), baseline);
        }
        Report.Suspect top = suspects.get(0);
        Category c = top.cause().category();
        String more = suspects.size() > 1 ? String.format(Locale.ROOT, " (and %d more suspect site%s)",
                suspects.size() - 1, suspects.size() > 2 ? "s" : "") : "";
        return String.format(Locale.ROOT, "%d threads started at %s never end (%s)%s; fix: %s", top.live(),
                top.site().frame(), c, more, top.cause().fix());
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
