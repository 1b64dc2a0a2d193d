package io.threadstorm.core;

import io.threadstorm.bootstrap.Recorder;
import io.threadstorm.detect.Detector;
import io.threadstorm.endpoint.Endpoints;
import io.threadstorm.jfr.Flight;
import io.threadstorm.metrics.FleetView;
import io.threadstorm.metrics.Metrics;
import io.threadstorm.instrument.Hooks;
import io.threadstorm.record.Frames;
import io.threadstorm.record.JdkClasses;
import io.threadstorm.record.SamplingGate;
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
public final class AgentRuntime implements AgentRuntimeMBean {

    private static final int MAX_TRACKED_OBJECTS = 100_000;

    private final Options options;
    private final Tracker tracker;
    /** Opens the windows in which submits and future creations are sampled. */
    private final SamplingGate gate;
    private final Sampler sampler;
    private final Detector detector;
    private final ReportBuilder reports;
    private final ReportFiles files;
    /**
     * The Prometheus registry behind {@code /metrics}, only while the endpoint is on: its classes cost tens of
     * milliseconds of start-up, for nothing when nobody can scrape them. {@code null} otherwise.
     */
    private final Metrics metrics;
    /** What the last sample left for JFR's periodic event (and {@code /metrics}). */
    private volatile FleetView view = FleetView.EMPTY;
    /** Per site id: when it was last reported and with how many live threads. */
    private final Map<Long, long[]> lastReported = new HashMap<>();
    private boolean wasSurging;
    /** heapProof=onSurge: the heap dump and its proof in a child JVM. */
    private final io.threadstorm.proof.HeapProofTrigger proofs;

    private AgentRuntime(Options options, Tracker tracker, Hooks hooks, Path jar, Thread samplerThread) {
        this.options = options;
        this.hooks = hooks;
        this.samplerThread = samplerThread;
        this.gate = new SamplingGate(options.sampleRate());
        this.metrics = options.http().isEmpty() ? null : new Metrics();
        this.tracker = tracker;
        long interval = options.interval().toMillis();
        this.sampler = new Sampler(tracker, options.minThreads(), options.ignoreThreads(), options.ignoreFrames(),
                interval * options.window());
        this.detector = new Detector(new Detector.Rule(options.window(), options.minThreads(), options.blockedRatio(),
                options.minAge().toMillis() / 1000.0, options.surgeFactor(),
                (int) Math.max(3, Math.min(120_000 / interval, 120))));
        this.reports = new ReportBuilder(tracker);
        this.files = new ReportFiles(options.reportDir(), options.maxReports(), options.maxReportBytes(),
                ReportFiles.THIS_PROCESS, Clock.systemUTC());
        this.proofs = new io.threadstorm.proof.HeapProofTrigger(options.heapProof(), options.reportDir(),
                options.heapProofMaxHeap(), options.heapProofCooldown(), options.heapProofKeep(), files, jar,
                m -> Log.get().info("{}", m), m -> Log.get().warn("{}", m));
    }

    /**
     * Called by {@link Startup} once the options let the agent start and the bootstrap classes are in: installs the
     * tracker and the hooks, then leaves the rest to the agent's own thread. Never throws for a missing hook.
     */
    static void start(Options options, Instrumentation inst, boolean attached, Path jar) {
        List<String> apps = options.appPackages().isEmpty()
                ? AppPackages.infer(System.getProperty("sun.java.command")) : options.appPackages();
        Tracker tracker = new Tracker(new SiteTable(options.maxSites(), new Frames(apps)), options.stackDepth(),
                MAX_TRACKED_OBJECTS);
        Hooks hooks = new Hooks();
        tellMissingHooks(hooks.install(inst));
        tracker.onFirstTag(new TagHooks(hooks));
        if (Recorder.contextUsed()) {
            tellMissingHooks(hooks.enableTagHooks()); // attached after a thread was tagged
        }
        // before the first start is recorded: SafeThreads reads Thread's private fields (a subclass may override
        // getId to throw), and looks them up once
        JdkClasses.open(inst, "java.lang");
        Recorder.install(tracker, options.sampleRate());
        Launch launch = new Launch(options, tracker, hooks, inst, jar);
        Thread sampler = new Thread(launch, "threadstorm-sampler");
        sampler.setDaemon(true);
        launch.samplerThread = sampler;
        Recorder.startUntracked(sampler);
        if (options.reportOnExit() || options.snapshotOnExit()) {
            Runtime.getRuntime().addShutdownHook(new Thread(launch.atExit(), "threadstorm-exit"));
        }
        if (attached && Runtime.version().feature() >= 21) {
            System.err.println("threadstorm: attached; JDK 21+ warns about dynamically loaded agents unless the JVM"
                    + " runs with -XX:+EnableDynamicAgentLoading");
        }
    }

    /** Puts in the hooks only tags need, on the first tag (a class rather than a lambda: premain spins none). */
    private record TagHooks(Hooks hooks) implements Runnable {
        @Override
        public void run() {
            tellMissingHooks(hooks.enableTagHooks());
        }
    }

    /**
     * What {@code premain} leaves to the agent's own thread: the sampler, the detector, the report writers and the
     * heap proof (some forty classes, about 10 ms of a cold start) are made there, not on the application's start-up.
     * When the JVM exits first, the exit hook makes them itself.
     */
    private static final class Launch implements Runnable {
        private final Options options;
        private final Tracker tracker;
        private final Hooks hooks;
        private final Instrumentation inst;
        private final Path jar;
        private volatile Thread samplerThread;
        private AgentRuntime agent; // guarded by this

        Launch(Options options, Tracker tracker, Hooks hooks, Instrumentation inst, Path jar) {
            this.options = options;
            this.tracker = tracker;
            this.hooks = hooks;
            this.inst = inst;
            this.jar = jar;
        }

        synchronized AgentRuntime agent() {
            if (agent == null) {
                agent = new AgentRuntime(options, tracker, hooks, jar, samplerThread);
            }
            return agent;
        }

        @Override
        public void run() {
            hooks.loadTargets(); // first: the application's threads then find the JDK classes hooked
            // after the hooks, so that the JDK classes it loads to read their fields are hooked as they load; off the
            // application's start-up, where it took 3 ms (JDK 17) to 20 ms (JDK 25): until it is done, starts take
            // the slow, complete way
            tracker.openJdkInternals(inst);
            agent().run();
        }

        Runnable atExit() {
            return new Runnable() {
                @Override
                public void run() {
                    agent().exit();
                }
            };
        }
    }

    private void run() {
        gate.start();
        Log.configure(options.logLevel());
        if (BootstrapClasses.appendedBecause() != null) {
            Log.get().debug("bootstrap classes on the boot class path (class data sharing off for application"
                    + " classes): {}", BootstrapClasses.appendedBecause());
        }
        Log.get().debug("hooks written with {}", hooks.writtenWith());
        Recorder.untracked(this::registerMBean);
        if (!options.http().isEmpty()) {
            try {
                String bound = Endpoints.start(options.http(), tracker, this::snapshot, this::report, metrics);
                Log.get().info("live endpoint on http://{}/ (GET /threads, /report, /metrics)", bound);
            } catch (java.io.IOException | RuntimeException e) {
                Log.get().warn("live endpoint not started on {}: {}", options.http(), e.toString());
            }
        }
        if (!Flight.start(() -> view)) {
            Log.get().debug("no JDK Flight Recorder events: the jdk.jfr module is missing or refused them");
        }
        Log.get().info("watching threads; reports in {}", options.reportDir().toAbsolutePath());
        long interval = options.interval().toMillis();
        MemoryGuard guard = new MemoryGuard(line -> warnings.warn("memory", line));
        memory = guard;
        try {
            // Jackson and the renderer load here, on the agent's own thread while the application starts, so that
            // an exit report does not spend its time bound loading them
            warmUp(reports.build("exit", new Sample(System.currentTimeMillis(), 0, 0, 0, List.of()), List.of(),
                    detector.baseline(), true));
        } catch (Throwable t) {
            warnings.warn("sample", "report writers failed to load: " + t);
        }
        try {
            while (true) {
                try {
                    sleepThroughInterrupts(interval);
                    tellMissingHooks(hooks.missingSinceInstall());
                    long allowed = guard.allowance(tracker.liveThreadsAtMost());
                    tracker.live().limitAdopted(allowed);
                    if (guard.limited()) {
                        tracker.live().forgetAdopted(); // the application needs the heap more than the agent
                    }
                    if (allowed == 0) {
                        continue;
                    }
                    guard.measure(this::tick);
                    if (Log.get().isDebugEnabled()) {
                        Log.get().debug("sample of at most {} threads allocated {} bytes", Math.min(allowed,
                                tracker.liveThreadsAtMost()), guard.lastSampleBytes());
                    }
                } catch (Throwable t) {
                    warnings.warn("sample", "sample failed: " + t);
                }
            }
        } catch (Throwable t) {
            samplerStopped = t.toString(); // only an error inside the handlers above gets here
            throw t;
        }
    }

    /**
     * Sleeps {@code millis} whatever interrupts come: some frameworks and test harnesses interrupt every thread they
     * see, and an interrupt is not the agent's to obey. Leaves the thread's interrupt status clear.
     */
    private void sleepThroughInterrupts(long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        for (long left = millis; left > 0; left = (end - System.nanoTime()) / 1_000_000L) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                warnings.warn("interrupt", "the application interrupted the agent's sampler thread; ignored,"
                        + " sampling goes on");
            }
        }
        Thread.interrupted();
    }

    /** The hooks, installed in {@code premain}; a class loaded later gets its hooks as it loads. */
    private final Hooks hooks;

    private static void tellMissingHooks(List<String> missing) {
        for (String m : missing) {
            System.err.println("threadstorm: cannot hook " + m + "; running without it");
        }
    }

    /** Warnings that could repeat at every sample, bounded. */
    private final Warnings warnings = new Warnings(line -> Log.get().warn("{}", line));
    private final Thread samplerThread;
    private volatile String samplerStopped;
    /** The last periodic sample and its verdicts, for an exit report cut short. */
    private volatile Sample lastSample;
    private volatile List<Detector.Verdict> lastVerdicts = List.of();
    /**
     * The last non-empty verdicts: a leak that held at the last samples but not at the very last one (a spinning
     * site whose ratio wavers) is still named by an exit report cut short, as the fresh one names flagged sites.
     */
    private volatile List<Detector.Verdict> lastSuspects = List.of();
    /** Pauses sampling while the heap is nearly full; made on the sampler thread. */
    private volatile MemoryGuard memory;

    private synchronized void tick() {
        long began = System.nanoTime();
        Sample sample = sampler.sample();
        long took = System.nanoTime() - began;
        List<Detector.Verdict> verdicts = detector.evaluate(sample);
        publish(sample, verdicts, took);
        lastSample = sample;
        lastVerdicts = verdicts;
        if (!verdicts.isEmpty()) {
            lastSuspects = verdicts;
        }
        if (sampler.skippedSites() > 0) {
            warnings.warn("skipped", "samples left out " + sampler.skippedSites() + " site(s) so far: their"
                    + " threads could not be read");
        }
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
        view = FleetView.of(sample, tracker.sites(), options.metricsTopSites(), byCategory);
        if (metrics != null) {
            metrics.sampled(view, tookNanos);
        }
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
        tracker.boostFutures(missing);
        int rate = missing ? Math.min(BOOSTED_SAMPLE_RATE, options.sampleRate()) : options.sampleRate();
        gate.rate(rate); // nothing when the rate is the gate's already
    }

    /** The sample rate while a suspect waits for futures of unknown origin. */
    private static final int BOOSTED_SAMPLE_RATE = 16;

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
        return write(reports.build(trigger, sample, verdicts, detector.baseline(), exit));
    }

    private Optional<Path> write(Report report) {
        String trigger = report.trigger();
        Optional<Path> path = files.write(report);
        if (path.isPresent()) {
            Log.get().info("{} report {}: {}", trigger, path.get(), report.summary().verdict());
            if (metrics != null) {
                metrics.reportWritten(trigger);
            }
            for (Report.Suspect s : trigger.equals("surge") ? report.suspects() : List.<Report.Suspect>of()) {
                Flight.surge(s.site().id(), s.site().frame(), s.site().kind(), s.cause().category().name(),
                        s.cause().confidence(), s.live(), s.growthPerMinute(), path.get().toString());
            }
        } else {
            if (metrics != null) {
                metrics.reportFailed();
            }
            Log.get().warn("could not write the {} report: {}", trigger,
                    files.lastFailure().orElse("unknown error in " + options.reportDir()));
        }
        lastReport = report;
        return path;
    }

    private volatile Report lastReport;

    private void exit() {
        try {
            Thread.interrupted();
            Log.configure(options.logLevel());
            MemoryGuard guard = memory;
            long free = guard == null ? Long.MAX_VALUE : guard.headroom();
            if (options.reportOnExit() && guard != null && !guard.roomForASample()) {
                // a fresh sample could run the application out of heap in its last moments: use the last one
                Report report = exitFromLastSample(String.format(java.util.Locale.ROOT, "Exit report from the last"
                        + " sample: the heap was nearly full (%d MB free).", free >> 20));
                if (report != null) {
                    write(report);
                }
            } else if (options.reportOnExit()) {
                Report report = ExitReport.within(options.exitReportTimeout().toMillis(), () -> {
                    Report full;
                    synchronized (this) {
                        Sample sample = sampler.sample(true);
                        full = reports.build("exit", sample, detector.atExit(sample), detector.baseline(), true);
                    }
                    warmUp(full); // the writers' first use loads their classes: within the bound, not after it
                    return full;
                }, this::exitFromLastSample);
                if (report == null) {
                    System.err.println("threadstorm: exit report skipped: not ready within "
                            + options.exitReportTimeout().toMillis()
                            + " ms (exitReportTimeout), and no earlier sample to write");
                    return;
                }
                Thread s = samplerThread;
                if (tracker.live().cut()) {
                    report = ExitReport.noted(report, "The heap was nearly full: this report saw only some of the"
                            + " virtual threads.");
                }
                if (s != null && !s.isAlive()) {
                    String why = "The agent's sampler stopped (" + samplerStopped + "), so leaks since are unknown";
                    report = report.suspects().isEmpty()
                            ? ExitReport.verdict(report, why + "; " + report.summary().liveThreads()
                                    + " live threads at exit.")
                            : ExitReport.noted(report, why + ".");
                }
                write(report);
            }
            if (options.snapshotOnExit()) {
                if (files.writeFile("threadstorm-snapshot-" + ProcessHandle.current().pid() + ".json",
                        Snapshot.json(tracker)).isEmpty()) {
                    System.err.println("threadstorm: could not write the exit snapshot: "
                            + files.lastFailure().orElse("unknown error"));
                }
            }
        } catch (Throwable t) {
            System.err.println("threadstorm: exit report failed: " + t);
        }
    }

    /**
     * The exit report from the last periodic sample, {@code why} before its verdict; {@code null} before the first
     * sample.
     */
    private Report exitFromLastSample(String why) {
        Sample last = lastSample;
        if (last == null) {
            return null;
        }
        List<Detector.Verdict> verdicts = lastVerdicts.isEmpty() ? lastSuspects : lastVerdicts;
        return ExitReport.noted(reports.build("exit", last, verdicts, detector.baseline(), true), why);
    }

    /** Renders {@code report} once, so that Jackson and the renderer are loaded (about 200 ms cold). */
    private void warmUp(Report report) {
        ReportJson.write(report);
        files.prepare(report);
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
