package io.threadstorm.bench;

import static io.threadstorm.bench.Results.row;
import static io.threadstorm.bench.Scores.forkMeans;
import static io.threadstorm.bench.Scores.foreignList;
import static io.threadstorm.bench.Scores.medianOf;
import static io.threadstorm.bench.Scores.num;
import static io.threadstorm.bench.Scores.pairedRatio;
import static io.threadstorm.bench.Scores.pm;
import static io.threadstorm.bench.Scores.ratio;
import static io.threadstorm.bench.Scores.ratioError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.ClassloaderProfiler;
import org.openjdk.jmh.profile.CompilerProfiler;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.profile.JavaFlightRecorderProfiler;
import org.openjdk.jmh.profile.StackProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.ListStatistics;

/**
 * The JMH rows: each hot path runs in single-fork JMH runs that alternate between the variants (no agent, agent, an
 * empty agent, and per row more), rotating the order each round so that drift on a shared machine hits every variant
 * alike; a fork during which other processes kept the machine busy is repeated once it is quiet.
 */
final class JmhRows extends Row {

    /**
     * One JMH hot path with its target ratio: agent over no agent, or, where the JVM itself charges any Java agent
     * ({@code vsEmptyAgent}: virtual-thread mounts reported to JVMTI), agent over an empty agent.
     */
    record JmhRow(String id, String title, Class<?> bench, String method, double target, boolean virtual,
                  boolean vsEmptyAgent) {
        String benchmark() {
            return bench.getName() + "." + method;
        }
    }

    static final List<JmhRow> ROWS = List.of(
            new JmhRow("thread-start", "platform `new Thread(r).start()` + `join()`", ThreadStartBench.class,
                    "startJoin", 1.05, false, false),
            new JmhRow("executor", "`ThreadPoolExecutor.execute` no-op, pool of 2, batches of 1,000, then wait",
                    ExecutorBench.class, "execute", 1.05, false, false),
            new JmhRow("execute-queued", "`ThreadPoolExecutor.execute` into the queue of a busy worker (caller side)",
                    ExecutorBench.class, "executeQueued", 1.05, false, false),
            new JmhRow("future", "`CompletableFuture.runAsync(r, pool).thenApply(f)`, batches of 1,000,"
                    + " `allOf(..).join()`", CompletableFutureBench.class, "runAsyncThenApply", 1.10, false, false),
            new JmhRow("future-pending", "`runAsync(r, pool).thenApply(f)` on a busy worker: futures stay pending"
                    + " (caller side)", CompletableFutureBench.class, "runAsyncThenApplyPending", 1.10, false, false),
            new JmhRow("virtual", "virtual thread start, batches of 1,000, join all (target against the empty agent)",
                    VirtualThreadBench.class, "startJoin", 1.05, true, true),
            new JmhRow("virtual-yield", "virtual thread start of tasks that yield once (unmount, mount), join all"
                    + " (target against the empty agent)", VirtualThreadBench.class, "startYieldJoin", 1.05, true,
                    true),
            new JmhRow("virtual-executor", "`newVirtualThreadPerTaskExecutor().submit`, batches of 1,000, then `get`"
                    + " (target against the empty agent)", VirtualExecutorBench.class, "submitGet", 1.05, true,
                    true));

    private static final String EMPTY_AGENT = "empty-agent";
    private static final String BASELINE = "before";

    private final List<String> comparisons;
    private final List<String> allocations;
    private final List<String> forkTable;
    /** Written at the first JMH row that needs it. */
    private Path emptyAgentJar;

    JmhRows(Run run) {
        super(run);
        this.comparisons = run.results().comparisons;
        this.allocations = run.results().allocations;
        this.forkTable = run.results().forkTable;
    }

    private Variant agentVariant(String id, String label, String extra) {
        return new Variant(id, label, List.of("-javaagent:" + cfg.agent + "=" + run.agentOptions()
                + (extra.isEmpty() ? "" : "," + extra)));
    }

    private List<Variant> variants(JmhRow row) throws IOException {
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("none", "no agent", List.of()));
        v.add(agentVariant("agent", "agent", ""));
        if (cfg.baseline != null) {
            v.add(new Variant(BASELINE, "the agent before (`--baseline`)", List.of("-javaagent:" + cfg.baseline + "="
                    + run.agentOptions())));
        }
        if (cfg.emptyAgent) {
            if (emptyAgentJar == null) {
                emptyAgentJar = EmptyAgent.write(cfg.work.resolve("empty-agent.jar"));
            }
            v.add(new Variant(EMPTY_AGENT, "an empty Java agent (the JVM's own price of any `-javaagent`)",
                    List.of("-javaagent:" + emptyAgentJar)));
        }
        if (row.virtual() && cfg.emptyAgent) {
            // the JVMTI price of virtual-thread mounts, which only an experimental flag turns off
            v.add(new Variant("agent-novtms", "agent, with `-XX:+UnlockExperimentalVMOptions"
                    + " -XX:-DoJVMTIVirtualThreadTransitions`", List.of("-XX:+UnlockExperimentalVMOptions",
                    "-XX:-DoJVMTIVirtualThreadTransitions", "-javaagent:" + cfg.agent + "=" + run.agentOptions())));
        }
        if (cfg.settings) {
            switch (row.id()) {
                case "thread-start", "virtual" -> {
                    v.add(agentVariant("agent-depth8", "agent, stackDepth=8", "stackDepth=8"));
                    v.add(agentVariant("agent-depth128", "agent, stackDepth=128", "stackDepth=128"));
                }
                case "executor", "future" -> {
                    // 16: the rate while a suspect waits for futures of unknown origin; 64: the former default
                    v.add(agentVariant("agent-rate16", "agent, sampleRate=16", "sampleRate=16"));
                    v.add(agentVariant("agent-rate64", "agent, sampleRate=64", "sampleRate=64"));
                }
                default -> {
                }
            }
        } else if (row.id().equals("thread-start") && cfg.jfr) {
            Path jfc = cfg.work.resolve("threadstart.jfc");
            Files.writeString(jfc, """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <configuration version="2.0" label="threadstart" description="Only jdk.ThreadStart, with stack traces">
                      <event name="jdk.ThreadStart">
                        <setting name="enabled">true</setting>
                        <setting name="stackTrace">true</setting>
                      </event>
                    </configuration>
                    """);
            v.add(new Variant("jfr-threadstart", "JFR, only `jdk.ThreadStart` with stack traces (settings file)",
                    List.of("-XX:StartFlightRecording=settings=" + jfc)));
            v.add(new Variant("jfr-default", "JFR `settings=default` (its `jdk.ThreadStart` has stack traces on)",
                    List.of("-XX:StartFlightRecording=settings=default")));
        }
        return v;
    }

    void run(JmhRow row) throws Exception {
        List<Variant> variants = variants(row);
        Map<String, Scores> scores = new LinkedHashMap<>();
        for (Variant v : variants) {
            scores.put(v.id(), new Scores());
        }
        int n = variants.size();
        out.println();
        out.println("== " + row.id() + ": " + row.benchmark() + ", " + cfg.rounds + " round(s) x " + n + " variants");
        for (int r = 0; r < cfg.rounds; r++) {
            for (int k = 0; k < n; k++) {
                Variant v = variants.get((k + r) % n);
                Path log = cfg.work.resolve("logs/" + row.id() + "-" + v.id() + "-r" + (r + 1) + ".log");
                long t0 = System.nanoTime();
                RunResult rr = null;
                double foreign = Double.NaN;
                for (int attempt = 0; attempt <= cfg.retries; attempt++) {
                    if (attempt > 0) {
                        out.printf(Locale.ROOT, "  round %d/%d %-16s other processes kept %.2f cores busy: waiting"
                                + " for a quiet machine, then repeating the fork%n", r + 1, cfg.rounds, v.id(), foreign);
                        run.awaitQuiet();
                    }
                    CpuMeter meter = CpuMeter.now();
                    rr = runFork(row, v, log);
                    foreign = meter.foreignCores();
                    if (!(foreign > cfg.noiseLimit)) {
                        break;
                    }
                }
                Scores s = scores.get(v.id());
                s.foreign.add(foreign);
                ListStatistics fork = new ListStatistics();
                for (BenchmarkResult br : rr.getBenchmarkResults()) {
                    for (IterationResult it : br.getIterationResults()) {
                        double score = it.getPrimaryResult().getScore();
                        s.iterations.addValue(score);
                        fork.addValue(score);
                        s.unit = it.getPrimaryResult().getScoreUnit();
                        for (Map.Entry<String, Result> e : it.getSecondaryResults().entrySet()) {
                            s.secondary.computeIfAbsent(e.getKey().replace("\u00b7", ""), x -> new ListStatistics())
                                    .addValue(e.getValue().getScore());
                        }
                    }
                }
                s.forkMeans.add(fork.getMean());
                out.printf(Locale.ROOT, "  round %d/%d %-16s %12s %s  (%d s; other processes: %.2f cores)%n",
                        r + 1, cfg.rounds, v.id(), num(fork.getMean()), s.unit, (System.nanoTime() - t0) / 1_000_000_000L,
                        foreign);
                agentComplaints(log);
            }
        }
        Scores base = scores.get("none");
        double maxForeign = 0;
        for (Variant v : variants) {
            Scores s = scores.get(v.id());
            out.printf(Locale.ROOT, "  %-16s %s %s, fork means %s%s%n", v.id(), pm(s), s.unit, forkMeans(s),
                    s == base ? "" : "; paired by round " + pairedRatio(s, base));
            for (double f : s.foreign) {
                maxForeign = Math.max(maxForeign, f);
            }
        }
        if (maxForeign > cfg.noiseLimit) {
            notes.add(String.format(Locale.ROOT, "%s: other processes kept up to %.2f cores busy during some forks"
                    + " (limit %.2f; fork means per variant above show the spread)", row.id(), maxForeign,
                    cfg.noiseLimit));
        }
        double baseMedian = medianOf(base.forkMeans);
        forkTable.add("| " + row.id() + " | " + variants.stream().map(v -> v.id() + ": "
                + forkMeans(scores.get(v.id())) + " (other load " + foreignList(scores.get(v.id())) + ")")
                .reduce((a, b) -> a + "<br>" + b).orElse("") + " | " + variants.stream()
                .filter(v -> !v.id().equals("none"))
                .map(v -> v.id() + String.format(Locale.ROOT, " %.3f", medianOf(scores.get(v.id()).forkMeans) / baseMedian))
                .reduce((a, b) -> a + "<br>" + b).orElse("") + " | " + variants.stream()
                .filter(v -> !v.id().equals("none"))
                .map(v -> v.id() + " " + pairedRatio(scores.get(v.id()), base))
                .reduce((a, b) -> a + "<br>" + b).orElse("") + " |");
        for (Variant v : variants) {
            Scores s = scores.get(v.id());
            String ratio = ratio(s, base);
            if (v.id().equals("agent")) {
                Scores ref = row.vsEmptyAgent() && scores.containsKey(EMPTY_AGENT) ? scores.get(EMPTY_AGENT) : base;
                double rv = s.mean() / ref.mean();
                double re = ratioError(s, ref);
                String verdict = rv <= row.target() ? "PASS" : "MISS";
                if (!Double.isNaN(re) && Math.abs(rv - row.target()) < re) {
                    verdict = String.format(Locale.ROOT, "INCONCLUSIVE (point estimate %s, but the error ±%.3f"
                            + " straddles the target)", verdict, re);
                }
                if (rv > row.target()) {
                    verdict += String.format(Locale.ROOT, ": %+.0f%% over a %+.0f%% budget", (rv - 1) * 100,
                            (row.target() - 1) * 100);
                }
                String before = scores.containsKey(BASELINE) ? "; before: " + ratio(scores.get(BASELINE), ref) : "";
                summary.add(row(row.title(), s.unit, pm(base), pm(s), ratio(s, base)
                        + (ref == base ? "" : "; " + ratio(s, ref) + " over the empty agent"), "≤ " + row.target()
                        + (ref == base ? "" : " (over the empty agent)"), verdict + before));
            } else if (!v.id().equals("none")) {
                comparisons.add("| " + row.title() + " | " + v.label() + " | " + pm(s) + " | " + pm(base) + " | " + ratio
                        + " |");
                if (v.id().equals(EMPTY_AGENT)) {
                    comparisons.add("| " + row.title() + " | agent, against the empty agent (what the hooks cost) | "
                            + pm(scores.get("agent")) + " | " + pm(s) + " (empty agent) | "
                            + ratio(scores.get("agent"), s) + " |");
                }
            }
            ListStatistics alloc = s.secondary.get("gc.alloc.rate.norm");
            if (alloc != null) {
                ListStatistics count = s.secondary.get("gc.count");
                ListStatistics time = s.secondary.get("gc.time");
                allocations.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |", row.id(), v.label(),
                        num(alloc.getMean()),
                        count == null ? "-" : num(count.getSum() / s.forkMeans.size()),
                        time == null ? "-" : num(time.getSum() / s.forkMeans.size())));
            }
        }
    }

    private RunResult runFork(JmhRow row, Variant v, Path log) throws RunnerException {
        List<String> args = new ArrayList<>(Run.FORK_ARGS);
        args.addAll(v.jvmArgs());
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^" + Pattern.quote(row.benchmark()) + "$")
                .forks(1)
                .threads(1)
                .warmupIterations(cfg.warmupIterations)
                .warmupTime(TimeValue.milliseconds(cfg.iterationMillis))
                .measurementIterations(cfg.measurementIterations)
                .measurementTime(TimeValue.milliseconds(cfg.iterationMillis))
                .timeout(TimeValue.minutes(3))
                .jvm(cfg.jvm.toString())
                .jvmArgs(args.toArray(new String[0]))
                .shouldFailOnError(true)
                .output(log.toString());
        for (String p : cfg.profilers) {
            int colon = p.indexOf(':');
            String name = colon < 0 ? p : p.substring(0, colon);
            String init = colon < 0 ? "" : p.substring(colon + 1);
            switch (name) {
                case "gc" -> b.addProfiler(GCProfiler.class, init);
                case "stack" -> b.addProfiler(StackProfiler.class, init);
                case "jfr" -> b.addProfiler(JavaFlightRecorderProfiler.class, jfrInit(init, row, v));
                case "cl" -> b.addProfiler(ClassloaderProfiler.class, init);
                case "comp" -> b.addProfiler(CompilerProfiler.class, init);
                default -> b.addProfiler(name, init);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (true) {
            try {
                return new Runner(b.build()).runSingle();
            } catch (RunnerException e) {
                // another JMH run (not through this runner) holds JMH's own lock: take turns
                if (!String.valueOf(e.getMessage()).contains("JMH lock") || System.nanoTime() > deadline) {
                    throw e;
                }
                out.println("  another JMH run holds /tmp/jmh.lock: waiting");
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** JFR recordings per fork go to logs/jfr/ROW-VARIANT/ unless the init line names a dir. */
    private String jfrInit(String init, JmhRow row, Variant v) {
        if (init.contains("dir=")) {
            return init;
        }
        String dir = "dir=" + cfg.work.resolve("logs/jfr/" + row.id() + "-" + v.id());
        return init.isEmpty() ? dir : init + ";" + dir;
    }

    /** Any line the agent printed in the fork (a hook it could not install, a disabled agent). */
    private void agentComplaints(Path log) throws IOException {
        for (String l : Files.readAllLines(log)) {
            if (l.contains("threadstorm: cannot hook") || l.contains("threadstorm: disabled")) {
                String note = "fork log " + log.getFileName() + ": `" + l.trim() + "`";
                if (!notes.contains(note)) {
                    notes.add(note);
                    out.println("  ! " + l.trim());
                }
            }
        }
    }
}
