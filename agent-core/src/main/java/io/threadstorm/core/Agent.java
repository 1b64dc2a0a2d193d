package io.threadstorm.core;

import io.threadstorm.bootstrap.Recorder;
import io.threadstorm.detect.Detector;
import io.threadstorm.endpoint.Endpoints;
import io.threadstorm.jfr.Flight;
import io.threadstorm.metrics.FleetView;
import io.threadstorm.metrics.Metrics;
import io.threadstorm.instrument.Hooks;
import io.threadstorm.record.Frames;
import io.threadstorm.record.SiteTable;
import io.threadstorm.record.Tracker;
import io.threadstorm.report.Report;
import io.threadstorm.report.ReportFiles;
import io.threadstorm.report.ReportJson;
import io.threadstorm.sample.Sample;
import io.threadstorm.sample.Sampler;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.management.ObjectName;

/**
 * The agent once loaded: reads the options, installs the hooks, then samples on its own daemon thread and writes
 * reports on surges, at exit and on demand. Runs in the agent's isolated class loader.
 */
public final class Agent implements AgentMBean {

    private static final int MAX_TRACKED_OBJECTS = 100_000;

    private final Options options;
    private final Tracker tracker;
    private final Sampler sampler;
    private final Detector detector;
    private final ReportBuilder reports;
    private final ReportFiles files;
    private final Metrics metrics = new Metrics();
    /** Per site id: when it was last reported and with how many live threads. */
    private final Map<Long, long[]> lastReported = new HashMap<>();
    private boolean wasSurging;
    /** heapProof=onSurge: the heap dump and its proof in a child JVM. */
    private io.threadstorm.proof.HeapProofTrigger proofs;

    private Agent(Options options, Tracker tracker) {
        this.options = options;
        this.tracker = tracker;
        long interval = options.interval().toMillis();
        this.sampler = new Sampler(tracker, options.minThreads(), options.ignoreThreads(), options.ignoreFrames(),
                interval * options.window());
        this.detector = new Detector(new Detector.Rule(options.window(), options.minThreads(), options.blockedRatio(),
                options.minAge().toMillis() / 1000.0, options.surgeFactor(),
                (int) Math.max(3, Math.min(120_000 / interval, 120))));
        this.reports = new ReportBuilder(tracker);
        this.files = new ReportFiles(options.reportDir(), options.maxReports(), ProcessHandle.current().pid(),
                Clock.systemUTC());
    }

    /** Called by {@code AgentEntry} through the isolated loader. Never throws. */
    public static void start(String args, Instrumentation inst, boolean attached, Path jar) {
        Options options;
        try {
            options = Options.parse(args, System.getProperties(), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("threadstorm: disabled: " + e.getMessage());
            return;
        }
        if (!options.enabled()) {
            return;
        }
        List<String> apps = options.appPackages().isEmpty()
                ? AppPackages.infer(System.getProperty("sun.java.command")) : options.appPackages();
        Tracker tracker = new Tracker(new SiteTable(options.maxSites(), new Frames(apps)), options.stackDepth(),
                MAX_TRACKED_OBJECTS);
        Agent agent = new Agent(options, tracker);
        agent.proofs = new io.threadstorm.proof.HeapProofTrigger(options.heapProof(), options.reportDir(),
                options.heapProofMaxHeap(), options.heapProofCooldown(), options.heapProofKeep(), agent.files, jar,
                m -> Log.get().info("{}", m), m -> Log.get().warn("{}", m));
        tracker.openJdkInternals(inst);
        List<String> missing = new Hooks().install(inst);
        for (String m : missing) {
            System.err.println("threadstorm: cannot hook " + m + "; running without it");
        }
        Recorder.install(tracker, options.sampleRate());
        agent.sampleRate = options.sampleRate();
        Thread sampler = new Thread(agent::run, "threadstorm-sampler");
        sampler.setDaemon(true);
        Recorder.startUntracked(sampler);
        if (options.reportOnExit() || options.snapshotOnExit()) {
            Runtime.getRuntime().addShutdownHook(new Thread(agent::exit, "threadstorm-exit"));
        }
        if (attached && Runtime.version().feature() >= 21) {
            System.err.println("threadstorm: attached; JDK 21+ warns about dynamically loaded agents unless the JVM"
                    + " runs with -XX:+EnableDynamicAgentLoading");
        }
    }

    private void run() {
        Log.configure(options.logLevel());
        Recorder.untracked(this::registerMBean);
        if (!options.http().isEmpty()) {
            try {
                String bound = Endpoints.start(options.http(), tracker, this::snapshot, this::report, metrics);
                Log.get().info("live endpoint on http://{}/ (GET /threads, /report, /metrics)", bound);
            } catch (java.io.IOException | RuntimeException e) {
                Log.get().warn("live endpoint not started on {}: {}", options.http(), e.toString());
            }
        }
        if (!Flight.start(metrics::view)) {
            Log.get().debug("no JDK Flight Recorder events: the jdk.jfr module is missing or refused them");
        }
        Log.get().info("watching threads; reports in {}", options.reportDir().toAbsolutePath());
        long interval = options.interval().toMillis();
        while (true) {
            try {
                Thread.sleep(interval);
                tick();
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                Log.get().warn("sample failed: {}", t.toString());
            }
        }
    }

    private synchronized void tick() {
        long began = System.nanoTime();
        Sample sample = sampler.sample();
        long took = System.nanoTime() - began;
        List<Detector.Verdict> verdicts = detector.evaluate(sample);
        publish(sample, verdicts, took);
        boolean surging = detector.surging();
        boolean surgeStarted = surging && !wasSurging;
        wasSurging = surging;
        if (!verdicts.isEmpty() && (surgeStarted || due(verdicts, sample.millis()))) {
            Optional<Path> surge = write("surge", sample, verdicts, false);
            if (proofs != null && surge.isPresent()) {
                proofs.onSurge(verdicts.stream().map(v -> v.site().site().id()).toList(), surge.get());
            }
        }
        adaptSampling(verdicts);
    }

    /** What /metrics and JFR show until the next sample. */
    private void publish(Sample sample, List<Detector.Verdict> verdicts, long tookNanos) {
        Map<String, Integer> byCategory = new HashMap<>();
        for (Detector.Verdict v : verdicts) {
            byCategory.merge(reports.category(v).name(), 1, Integer::sum);
        }
        metrics.sampled(FleetView.of(sample, tracker.sites(), options.metricsTopSites(), byCategory), tookNanos);
    }

    /**
     * Suspects waiting for futures whose creation no sample caught: sample future creations (and submits) often
     * until one is caught, then go back to the configured rate. A storm repeats, so a few intervals suffice.
     */
    private void adaptSampling(List<Detector.Verdict> verdicts) {
        boolean missing = false;
        for (Detector.Verdict v : verdicts) {
            if (v.site().awaitedFuture() == null) {
                for (var t : v.site().examples()) {
                    missing |= tracker.awaitsUnsampledFuture(t.id());
                }
            }
        }
        int rate = missing ? Math.min(BOOSTED_SAMPLE_RATE, options.sampleRate()) : options.sampleRate();
        if (rate != sampleRate) {
            sampleRate = rate;
            Recorder.install(tracker, rate);
        }
    }

    /** The sample rate while a suspect waits for futures of unknown origin. */
    private static final int BOOSTED_SAMPLE_RATE = 16;
    private int sampleRate;

    /** At most one report per site per cooldown, sooner only when the site doubled since. */
    private boolean due(List<Detector.Verdict> verdicts, long now) {
        boolean due = false;
        long cooldown = options.reportCooldown().toMillis();
        for (Detector.Verdict v : verdicts) {
            long[] last = lastReported.get(v.site().site().id());
            if (last == null || now - last[0] >= cooldown || v.site().live() >= 2 * last[1]) {
                due = true;
            }
        }
        if (due) {
            for (Detector.Verdict v : verdicts) {
                lastReported.put(v.site().site().id(), new long[] {now, v.site().live()});
            }
        }
        return due;
    }

    private Optional<Path> write(String trigger, Sample sample, List<Detector.Verdict> verdicts, boolean exit) {
        Report report = reports.build(trigger, sample, verdicts, detector.baseline(), exit);
        Optional<Path> path = files.write(report);
        if (path.isPresent()) {
            Log.get().info("{} report {}: {}", trigger, path.get(), report.summary().verdict());
            metrics.reportWritten(trigger);
            for (Report.Suspect s : trigger.equals("surge") ? report.suspects() : List.<Report.Suspect>of()) {
                Flight.surge(s.site().id(), s.site().frame(), s.site().kind(), s.cause().category().name(),
                        s.cause().confidence(), s.live(), s.growthPerMinute(), path.get().toString());
            }
        } else {
            metrics.reportFailed();
            Log.get().warn("could not write the {} report: {}", trigger,
                    files.lastFailure().orElse("unknown error in " + options.reportDir()));
        }
        lastReport = report;
        return path;
    }

    private volatile Report lastReport;

    private synchronized void exit() {
        try {
            Log.configure(options.logLevel());
            if (options.reportOnExit()) {
                Sample sample = sampler.sample(true);
                write("exit", sample, detector.atExit(sample), true);
            }
            if (options.snapshotOnExit()) {
                Path file = options.reportDir().resolve("threadstorm-snapshot-" + ProcessHandle.current().pid()
                        + ".json");
                Files.createDirectories(options.reportDir());
                Path tmp = Files.createTempFile(options.reportDir(), ".snapshot", ".tmp");
                Files.writeString(tmp, Snapshot.json(tracker));
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (Throwable t) {
            System.err.println("threadstorm: exit report failed: " + t);
        }
    }

    @Override
    public String snapshot() {
        return Snapshot.json(tracker);
    }

    @Override
    public synchronized String report() {
        Sample sample = sampler.sample(true);
        write("on-demand", sample, detector.evaluate(sample), false);
        return ReportJson.write(lastReport);
    }

    private void registerMBean() {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(this, new ObjectName("io.threadstorm:type=Agent"));
        } catch (Exception | LinkageError e) {
            Log.get().warn("JMX operations unavailable: {}", e.toString());
        }
    }
}
