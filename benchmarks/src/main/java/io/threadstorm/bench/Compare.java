package io.threadstorm.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
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
 * The benchmark runner: {@code java -jar benchmarks/target/benchmarks.jar [options]}.
 *
 * <p>Each JMH row runs in single-fork JMH runs that alternate between the variants (no agent, agent, and for
 * the thread-start row JDK Flight Recorder), rotating the order each round (A B, B A, A B...) so that drift
 * on a shared machine hits every variant alike. The iterations of all forks of a variant are merged and the
 * score is their mean with a 99.9% confidence half-width, as JMH computes it for several forks. The startup,
 * sampler and heap rows are plain process harnesses. Everything ends in markdown tables, printed and written
 * to a results file.
 */
public final class Compare {

    /** Default agent options in every measured process: nothing written at exit, reports kept under /tmp. */
    private static final String AGENT_OPTIONS = "reportOnExit=false";
    /** Fixed heap for the JMH forks, so that a variant's allocations cannot change the heap sizing. */
    private static final List<String> FORK_ARGS = List.of("-Xms1g", "-Xmx1g");

    /** Held for a whole run, so that two runs on one machine take turns instead of spoiling each other. */
    private static final String LOCK = "/tmp/threadstorm-bench.lock";

    static final List<String> ALL_ROWS = List.of("thread-start", "executor", "future", "virtual", "virtual-executor",
            "startup",
            "sampler", "heap");

    /** One JMH hot path with its target ratio (agent / no agent). */
    private record JmhRow(String id, String title, Class<?> bench, String method, double target, boolean virtual) {
        String benchmark() {
            return bench.getName() + "." + method;
        }
    }

    private static final List<JmhRow> JMH_ROWS = List.of(
            new JmhRow("thread-start", "platform `new Thread(r).start()` + `join()`", ThreadStartBench.class,
                    "startJoin", 1.05, false),
            new JmhRow("executor", "`ThreadPoolExecutor.execute` no-op, pool of 2, batches of 1,000",
                    ExecutorBench.class, "execute", 1.10, false),
            new JmhRow("future", "`CompletableFuture.runAsync(r, pool).thenApply(f)`, batches of 1,000, `allOf(..).join()`",
                    CompletableFutureBench.class, "runAsyncThenApply", 1.10, false),
            new JmhRow("virtual", "virtual thread start, batches of 1,000, join all", VirtualThreadBench.class,
                    "startJoin", 1.50, true),
            new JmhRow("virtual-executor", "`newVirtualThreadPerTaskExecutor().submit`, batches of 1,000, then `get`"
                    + " (target: the virtual row's)", VirtualExecutorBench.class, "submitGet", 1.50, true));

    private static final String EMPTY_AGENT = "empty-agent";

    /** A way to run the fork: its JVM arguments. */
    private record Variant(String id, String label, List<String> jvmArgs) {
    }

    private final Config cfg;
    private final JvmInfo jvm;
    private final Path benchJar;
    private final PrintStream out = System.out;
    /** Markdown of the results file. */
    private final StringBuilder md = new StringBuilder();
    private final List<String> summary = new ArrayList<>();
    private final List<String> comparisons = new ArrayList<>();
    private final List<String> allocations = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> forkTable = new ArrayList<>();
    /** Written at the first JMH row that needs it. */
    private Path emptyAgentJar;

    private Compare(Config cfg, JvmInfo jvm, Path benchJar) {
        this.cfg = cfg;
        this.jvm = jvm;
        this.benchJar = benchJar;
    }

    public static void main(String[] args) throws Exception {
        Config cfg;
        try {
            cfg = Config.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("compare: " + e.getMessage());
            System.err.println(Config.USAGE);
            System.exit(2);
            return;
        }
        if (cfg.help) {
            System.out.println(Config.USAGE);
            return;
        }
        Path jar = benchJar();
        if (cfg.agent == null) {
            cfg.agent = jar.toAbsolutePath().getParent().getParent().getParent()
                    .resolve("agent-core/target/threadstorm-agent.jar").normalize();
        }
        if (!Files.isRegularFile(cfg.agent)) {
            System.err.println("compare: no agent jar at " + cfg.agent + "; build it (mvn -q install -DskipTests)"
                    + " or pass --agent PATH");
            System.exit(2);
        }
        Files.createDirectories(cfg.work.resolve("logs"));
        // measure a copy: a colleague's rebuild of the agent during the run must not change the jar under the forks
        Path source = cfg.agent;
        String sha = sha256(source);
        Path copy = cfg.work.resolve("agent-" + sha.substring(0, 12) + ".jar");
        if (!Files.exists(copy)) {
            Files.copy(source, copy);
        }
        if (!sha.equals(sha256(copy)) || !intact(copy)) {
            Files.delete(copy);
            System.err.println("compare: the agent jar " + source + " is incomplete or changed while being copied"
                    + " (a build in progress?); try again when it is built");
            System.exit(2);
        }
        cfg.agentSource = source;
        cfg.agent = copy;
        JvmInfo info = JvmInfo.of(cfg.jvm);
        // one measuring run at a time on this machine, whoever started it: wait for the other to finish
        try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(Path.of(LOCK),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock held = lock.tryLock();
            if (held == null) {
                System.out.println("another benchmark run holds " + LOCK + ": waiting for it to finish");
                held = lock.lock();
            }
            try {
                new Compare(cfg, info, jar).run();
            } finally {
                held.release();
            }
        }
    }

    private void run() throws Exception {
        long start = System.nanoTime();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path results = cfg.out != null ? cfg.out
                : cfg.work.resolve("results-jdk" + jvm.feature + "-" + stamp + ".md");
        header(stamp);
        preflight();
        awaitQuiet();
        for (JmhRow row : JMH_ROWS) {
            if (!cfg.rows.contains(row.id)) {
                continue;
            }
            if (row.virtual && jvm.feature < 21) {
                summary.add(row(row.title, "ns/op", "n/a", "n/a", "n/a", "≤ " + row.target, "skipped: JDK "
                        + jvm.feature + " has no virtual threads"));
                continue;
            }
            runJmhRow(row);
        }
        for (String harness : List.of("startup", "sampler", "heap")) {
            if (!cfg.rows.contains(harness)) {
                continue;
            }
            CpuMeter meter = CpuMeter.now();
            switch (harness) {
                case "startup" -> runStartup();
                case "sampler" -> runSampler();
                default -> runHeap();
            }
            double foreign = meter.foreignCores();
            out.printf(Locale.ROOT, "  (other processes: %.2f cores on average meanwhile)%n", foreign);
            if (foreign > cfg.noiseLimit) {
                notes.add(String.format(Locale.ROOT, "%s: other processes kept %.2f cores busy on average while it"
                        + " ran", harness, foreign));
            }
        }
        md.append("\n## Results, JDK ").append(jvm.feature).append("\n\n");
        md.append("| hot path | measure | no agent | agent | agent / no agent | target | verdict |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        summary.forEach(l -> md.append(l).append('\n'));
        if (!comparisons.isEmpty()) {
            md.append("\n### Comparisons (same run, same forks rotation)\n\n");
            md.append("| hot path | variant | score | no agent | variant / no agent |\n|---|---|---|---|---|\n");
            comparisons.forEach(l -> md.append(l).append('\n'));
        }
        if (!allocations.isEmpty()) {
            md.append("\n### Allocation and GC per op (JMH `-prof gc`, mean over all forks)\n\n");
            md.append("| hot path | variant | alloc B/op | gc count (per fork) | gc time ms (per fork) |\n|---|---|---|---|---|\n");
            allocations.forEach(l -> md.append(l).append('\n'));
        }
        if (!forkTable.isEmpty()) {
            md.append("\n### Per-fork means, in run order per variant (other processes' CPU use during each fork)\n\n");
            md.append("| hot path | forks | ratio of the medians of fork means (robust to one odd fork) | paired by"
                    + " round: geometric mean of each round's fork ratio, 95% interval (cancels drift between rounds)"
                    + " |\n|---|---|---|---|\n");
            forkTable.forEach(l -> md.append(l).append('\n'));
        }
        if (!notes.isEmpty()) {
            md.append("\n### Notes\n\n");
            notes.forEach(l -> md.append("- ").append(l).append('\n'));
        }
        md.append("\nLoad average at the end: ").append(loadAverage()).append("; total time ")
                .append(Duration.ofNanos(System.nanoTime() - start).toSeconds()).append(" s.\n");
        Files.writeString(results, md.toString());
        out.println();
        out.println(md);
        out.println("results written to " + results);
        out.println("JMH logs (per fork) in " + cfg.work.resolve("logs"));
    }

    // ------------------------------------------------------------------------------------------- header

    private void header(String stamp) throws Exception {
        md.append("# threadstorm benchmarks, JDK ").append(jvm.feature).append(", ").append(stamp).append("\n\n");
        md.append("- machine: ").append(cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(memTotal()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append('\n');
        md.append("- JVM of the measured processes: `").append(cfg.jvm).append("` (").append(jvm.version).append(")\n");
        md.append("- agent: `").append(cfg.agentSource).append("` (").append(Files.size(cfg.agent))
                .append(" bytes, sha256 ").append(sha256(cfg.agent).substring(0, 12)).append(", built ")
                .append(Files.getLastModifiedTime(cfg.agentSource)).append("), measured from a copy\n");
        md.append("- agent options in the JMH forks: defaults plus `").append(agentOptions()).append("`\n");
        md.append("- JMH: ").append(cfg.rounds).append(" round(s) of single forks per variant, order rotated each")
                .append(" round; per fork ").append(cfg.warmupIterations).append(" warmup + ")
                .append(cfg.measurementIterations).append(" measurement iterations of ")
                .append(cfg.iterationMillis).append(" ms; fork JVM args ").append(FORK_ARGS)
                .append("; error = 99.9% confidence half-width over all iterations of all forks")
                .append(cfg.quick ? " (--quick: a smoke test, not a measurement)" : "").append('\n');
        md.append("- load average at the start: ").append(loadAverage()).append('\n');
        out.print(md);
    }

    private void preflight() throws Exception {
        Path log = cfg.work.resolve("logs/preflight.log");
        List<String> cmd = List.of(cfg.jvm.toString(), "-javaagent:" + cfg.agent + "=" + agentOptions(),
                "-cp", benchJar.toString(), AgentCheck.class.getName());
        Proc.Result r = Proc.run(cmd, log, 60);
        String stderr = r.stderr();
        List<String> agentLines = stderr.lines().filter(l -> l.startsWith("threadstorm")).toList();
        if (r.exit() != 0 || !r.stdout().contains("AGENT OK")) {
            throw new IllegalStateException("agent preflight failed (see " + log + "): " + r.stdout() + stderr);
        }
        for (String l : agentLines) {
            if (l.contains("cannot hook") || l.contains("disabled")) {
                notes.add("agent preflight on JDK " + jvm.feature + ": `" + l + "`");
            }
        }
        out.println("preflight: agent loaded, MBean answers, thread start recorded (" + r.stdout().trim() + ")");
    }

    // ------------------------------------------------------------------------------------------- JMH rows

    private String agentOptions() {
        return AGENT_OPTIONS + ",reportDir=" + cfg.work.resolve("reports")
                + (cfg.agentOptions.isEmpty() ? "" : "," + cfg.agentOptions);
    }

    private Variant agentVariant(String id, String label, String extra) {
        return new Variant(id, label, List.of("-javaagent:" + cfg.agent + "=" + agentOptions()
                + (extra.isEmpty() ? "" : "," + extra)));
    }

    private List<Variant> variants(JmhRow row) throws IOException {
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("none", "no agent", List.of()));
        v.add(agentVariant("agent", "agent", ""));
        if (cfg.emptyAgent) {
            if (emptyAgentJar == null) {
                emptyAgentJar = EmptyAgent.write(cfg.work.resolve("empty-agent.jar"));
            }
            v.add(new Variant(EMPTY_AGENT, "an empty Java agent (the JVM's own price of any `-javaagent`)",
                    List.of("-javaagent:" + emptyAgentJar)));
        }
        if (row.virtual && cfg.emptyAgent) {
            // the JVMTI price of virtual-thread mounts, which only an experimental flag turns off
            v.add(new Variant("agent-novtms", "agent, with `-XX:+UnlockExperimentalVMOptions"
                    + " -XX:-DoJVMTIVirtualThreadTransitions`", List.of("-XX:+UnlockExperimentalVMOptions",
                    "-XX:-DoJVMTIVirtualThreadTransitions", "-javaagent:" + cfg.agent + "=" + agentOptions())));
        }
        if (cfg.settings) {
            switch (row.id) {
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
        } else if (row.id.equals("thread-start") && cfg.jfr) {
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

    /** The merged iterations of one variant over all its forks. */
    private static final class Scores {
        final ListStatistics iterations = new ListStatistics();
        final List<Double> forkMeans = new ArrayList<>();
        final Map<String, ListStatistics> secondary = new TreeMap<>();
        /** Per fork: cores other processes kept busy meanwhile. */
        final List<Double> foreign = new ArrayList<>();
        String unit = "";

        double mean() {
            return iterations.getMean();
        }

        double error() {
            return iterations.getN() > 2 ? iterations.getMeanErrorAt(0.999) : Double.NaN;
        }
    }

    private void runJmhRow(JmhRow row) throws Exception {
        List<Variant> variants = variants(row);
        Map<String, Scores> scores = new LinkedHashMap<>();
        for (Variant v : variants) {
            scores.put(v.id, new Scores());
        }
        int n = variants.size();
        out.println();
        out.println("== " + row.id + ": " + row.benchmark() + ", " + cfg.rounds + " round(s) x " + n + " variants");
        for (int r = 0; r < cfg.rounds; r++) {
            for (int k = 0; k < n; k++) {
                Variant v = variants.get((k + r) % n);
                Path log = cfg.work.resolve("logs/" + row.id + "-" + v.id + "-r" + (r + 1) + ".log");
                long t0 = System.nanoTime();
                RunResult rr = null;
                double foreign = Double.NaN;
                for (int attempt = 0; attempt <= cfg.retries; attempt++) {
                    if (attempt > 0) {
                        out.printf(Locale.ROOT, "  round %d/%d %-16s other processes kept %.2f cores busy: waiting"
                                + " for a quiet machine, then repeating the fork%n", r + 1, cfg.rounds, v.id, foreign);
                        awaitQuiet();
                    }
                    CpuMeter meter = CpuMeter.now();
                    rr = runFork(row, v, log);
                    foreign = meter.foreignCores();
                    if (!(foreign > cfg.noiseLimit)) {
                        break;
                    }
                }
                Scores s = scores.get(v.id);
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
                        r + 1, cfg.rounds, v.id, num(fork.getMean()), s.unit, (System.nanoTime() - t0) / 1_000_000_000L,
                        foreign);
                agentComplaints(log);
            }
        }
        Scores base = scores.get("none");
        double maxForeign = 0;
        for (Variant v : variants) {
            Scores s = scores.get(v.id);
            out.printf(Locale.ROOT, "  %-16s %s %s, fork means %s%s%n", v.id, pm(s), s.unit, forkMeans(s),
                    s == base ? "" : "; paired by round " + pairedRatio(s, base));
            for (double f : s.foreign) {
                maxForeign = Math.max(maxForeign, f);
            }
        }
        if (maxForeign > cfg.noiseLimit) {
            notes.add(String.format(Locale.ROOT, "%s: other processes kept up to %.2f cores busy during some forks"
                    + " (limit %.2f; fork means per variant above show the spread)", row.id, maxForeign,
                    cfg.noiseLimit));
        }
        double baseMedian = medianOf(base.forkMeans);
        forkTable.add("| " + row.id + " | " + variants.stream().map(v -> v.id + ": "
                + forkMeans(scores.get(v.id)) + " (other load " + foreignList(scores.get(v.id)) + ")")
                .reduce((a, b) -> a + "<br>" + b).orElse("") + " | " + variants.stream()
                .filter(v -> !v.id.equals("none"))
                .map(v -> v.id + String.format(Locale.ROOT, " %.3f", medianOf(scores.get(v.id).forkMeans) / baseMedian))
                .reduce((a, b) -> a + "<br>" + b).orElse("") + " | " + variants.stream()
                .filter(v -> !v.id.equals("none"))
                .map(v -> v.id + " " + pairedRatio(scores.get(v.id), base))
                .reduce((a, b) -> a + "<br>" + b).orElse("") + " |");
        for (Variant v : variants) {
            Scores s = scores.get(v.id);
            String ratio = ratio(s, base);
            if (v.id.equals("agent")) {
                double rv = s.mean() / base.mean();
                double re = ratioError(s, base);
                String verdict = rv <= row.target ? "PASS" : "MISS";
                if (!Double.isNaN(re) && Math.abs(rv - row.target) < re) {
                    verdict = String.format(Locale.ROOT, "INCONCLUSIVE (point estimate %s, but the error ±%.3f"
                            + " straddles the target)", verdict, re);
                }
                if (rv > row.target) {
                    verdict += String.format(Locale.ROOT, ": %+.0f%% over a %+.0f%% budget", (rv - 1) * 100,
                            (row.target - 1) * 100);
                }
                summary.add(row(row.title, s.unit, pm(base), pm(s), ratio, "≤ " + row.target, verdict));
            } else if (!v.id.equals("none")) {
                comparisons.add("| " + row.title + " | " + v.label + " | " + pm(s) + " | " + pm(base) + " | " + ratio
                        + " |");
                if (v.id.equals(EMPTY_AGENT)) {
                    comparisons.add("| " + row.title + " | agent, against the empty agent (what the hooks cost) | "
                            + pm(scores.get("agent")) + " | " + pm(s) + " (empty agent) | "
                            + ratio(scores.get("agent"), s) + " |");
                }
            }
            ListStatistics alloc = s.secondary.get("gc.alloc.rate.norm");
            if (alloc != null) {
                ListStatistics count = s.secondary.get("gc.count");
                ListStatistics time = s.secondary.get("gc.time");
                allocations.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |", row.id, v.label,
                        num(alloc.getMean()),
                        count == null ? "-" : num(count.getSum() / s.forkMeans.size()),
                        time == null ? "-" : num(time.getSum() / s.forkMeans.size())));
            }
        }
    }

    private RunResult runFork(JmhRow row, Variant v, Path log) throws RunnerException {
        List<String> args = new ArrayList<>(FORK_ARGS);
        args.addAll(v.jvmArgs);
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
        String dir = "dir=" + cfg.work.resolve("logs/jfr/" + row.id + "-" + v.id);
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

    // ------------------------------------------------------------------------------------------- startup row

    private void runStartup() throws Exception {
        out.println();
        out.println("== startup: java -cp <dir> TrivialMain, " + cfg.startupRuns + " runs per variant, alternating");
        Path classesDir = cfg.work.resolve("trivial");
        Path cls = classesDir.resolve("io/threadstorm/bench/TrivialMain.class");
        Files.createDirectories(cls.getParent());
        try (InputStream in = Compare.class.getResourceAsStream("TrivialMain.class")) {
            Files.write(cls, in.readAllBytes());
        }
        Path reports = cfg.work.resolve("reports-startup");
        String agent = "-javaagent:" + cfg.agent + "=reportDir=" + reports;
        List<Variant> variants = List.of(
                new Variant("none", "no agent", List.of()),
                new Variant("agent", "agent, defaults (reportOnExit=true: an exit report is written)",
                        List.of(agent)),
                new Variant("agent-noexit", "agent, reportOnExit=false", List.of(agent + ",reportOnExit=false")),
                new Variant("agent-off", "agent jar loaded with enabled=false", List.of(agent + ",enabled=false")));
        Map<String, List<double[]>> runs = new LinkedHashMap<>();
        for (Variant v : variants) {
            runs.put(v.id, new ArrayList<>());
        }
        int n = variants.size();
        int warm = 2;
        for (int i = 0; i < warm + cfg.startupRuns; i++) {
            for (int k = 0; k < n; k++) {
                Variant v = variants.get((k + i) % n);
                List<String> cmd = new ArrayList<>();
                cmd.add(cfg.jvm.toString());
                cmd.addAll(v.jvmArgs);
                cmd.add("-cp");
                cmd.add(classesDir.toString());
                cmd.add(TrivialMain.class.getName());
                double[] t = startOnce(cmd);
                if (i >= warm) {
                    runs.get(v.id).add(t);
                }
            }
        }
        Map<String, long[]> classes = new LinkedHashMap<>();
        for (Variant v : variants) {
            classes.put(v.id, loadedClasses(v, classesDir));
        }
        double baseMain = median(runs.get("none"), 1);
        double baseWall = median(runs.get("none"), 0);
        md.append("\n### Startup runs (ms, median of ").append(cfg.startupRuns).append("; p25–p75)\n\n");
        md.append("| variant | to end of `main` | Δ | to process exit | Δ | classes loaded (not from CDS) |\n"
                + "|---|---|---|---|---|---|\n");
        for (Variant v : variants) {
            List<double[]> r = runs.get(v.id);
            double m = median(r, 1);
            double w = median(r, 0);
            long[] c = classes.get(v.id);
            md.append(String.format(Locale.ROOT, "| %s | %.1f (%.1f–%.1f) | %+.1f | %.1f (%.1f–%.1f) | %+.1f | %,d (%,d)"
                    + " |%n", v.label, m, pct(r, 1, 25), pct(r, 1, 75), m - baseMain, w, pct(r, 0, 25), pct(r, 0, 75),
                    w - baseWall, c[0], c[1]));
            out.printf(Locale.ROOT, "  %-14s end of main %7.1f ms (%+.1f)   exit %7.1f ms (%+.1f)%n", v.id, m,
                    m - baseMain, w, w - baseWall);
        }
        double agentMain = median(runs.get("agent"), 1);
        double agentWall = median(runs.get("agent"), 0);
        double dMain = agentMain - baseMain;
        double dWall = agentWall - baseWall;
        summary.add(row("JVM start to end of a trivial `main` (agent defaults)", "wall ms, median",
                String.format(Locale.ROOT, "%.1f", baseMain), String.format(Locale.ROOT, "%.1f", agentMain),
                String.format(Locale.ROOT, "%+.1f ms", dMain), "≤ +250 ms",
                (dMain <= 250 ? "PASS" : "MISS") + String.format(Locale.ROOT,
                        "; to process exit %.1f → %.1f ms (%+.1f, exit report included)", baseWall, agentWall,
                        dWall)));
    }

    /** One untimed run with {@code -Xlog:class+load}: {classes loaded, of which not from the CDS archive}. */
    private long[] loadedClasses(Variant v, Path classesDir) throws Exception {
        Path log = cfg.work.resolve("logs/startup-classes-" + v.id + ".txt");
        Files.deleteIfExists(log);
        List<String> cmd = new ArrayList<>();
        cmd.add(cfg.jvm.toString());
        cmd.add("-Xlog:class+load=info:file=" + log);
        cmd.addAll(v.jvmArgs);
        cmd.addAll(List.of("-cp", classesDir.toString(), TrivialMain.class.getName()));
        Proc.run(cmd, null, 60);
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        long all = lines.stream().filter(l -> l.contains(" source: ")).count();
        long shared = lines.stream().filter(l -> l.contains("source: shared objects file")).count();
        return new long[] {all, all - shared};
    }

    /** Runs one trivial JVM: {wall ms to exit, ms to the end of main}. */
    private double[] startOnce(List<String> cmd) throws Exception {
        Path stdout = cfg.work.resolve("logs/startup.out");
        Path stderr = cfg.work.resolve("logs/startup.err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        long t1 = System.nanoTime();
        String o = Files.readString(stdout);
        Matcher m = Pattern.compile("END (\\d+)").matcher(o);
        if (p.exitValue() != 0 || !m.find()) {
            throw new IllegalStateException("trivial main failed: " + cmd + "\n" + o + Files.readString(stderr));
        }
        long end = Long.parseLong(m.group(1));
        return new double[] {(t1 - t0) / 1e6, (end - t0) / 1e6};
    }

    // ------------------------------------------------------------------------------------------- sampler row

    private void runSampler() throws Exception {
        out.println();
        out.println("== sampler: " + cfg.samplerCounts + " parked platform threads from one site, "
                + cfg.samplerReps + " timed samples each");
        Path log = cfg.work.resolve("logs/sampler.log");
        List<String> cmd = List.of(cfg.jvm.toString(),
                "-javaagent:" + cfg.agent + "=interval=1h,reportOnExit=false,reportDir="
                        + cfg.work.resolve("reports-sampler"),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", benchJar.toString(), SamplerProbe.class.getName(), cfg.samplerCounts,
                Integer.toString(cfg.samplerReps));
        Proc.Result r = Proc.run(cmd, log, 900);
        if (r.exit() != 0) {
            throw new IllegalStateException("sampler probe failed (see " + log + ")");
        }
        Map<Integer, Map<String, Map<String, String>>> byCount = new TreeMap<>();
        for (String line : r.stdout().lines().toList()) {
            if (line.startsWith("NOTE")) {
                notes.add("sampler probe: " + line.substring(5));
            }
            if (!line.startsWith("RESULT ")) {
                continue;
            }
            Map<String, String> kv = new LinkedHashMap<>();
            for (String f : line.substring(7).split(" ")) {
                int eq = f.indexOf('=');
                kv.put(f.substring(0, eq), f.substring(eq + 1));
            }
            byCount.computeIfAbsent(Integer.parseInt(kv.get("threads")), x -> new LinkedHashMap<>())
                    .put(kv.get("measure"), kv);
        }
        md.append("\n### Sampler (ms per call, median of ").append(cfg.samplerReps)
                .append(" after 2 warm-up calls; min–max; first call)\n\n");
        md.append("| parked threads | JVM threads | agent `Sampler.sample()` | agent MBean `report()` | "
                + "`dumpAllThreads(false,false)` | `findDeadlockedThreads()` |\n|---|---|---|---|---|---|\n");
        for (Map.Entry<Integer, Map<String, Map<String, String>>> e : byCount.entrySet()) {
            Map<String, Map<String, String>> m = e.getValue();
            String live = m.values().iterator().next().get("live");
            md.append("| ").append(String.format(Locale.ROOT, "%,d", e.getKey())).append(" | ").append(live);
            for (String measure : List.of("sample", "report", "dumpAllThreads", "findDeadlocked")) {
                Map<String, String> kv = m.get(measure);
                md.append(" | ").append(kv == null ? "n/a" : kv.get("median") + " (" + kv.get("min") + "–"
                        + kv.get("max") + "; first " + kv.get("first") + ")");
            }
            md.append(" |\n");
            out.println("  " + e.getKey() + " threads: " + m.values());
            Map<String, String> sample = m.containsKey("sample") ? m.get("sample") : m.get("report");
            Map<String, String> dump = m.get("dumpAllThreads");
            double target = e.getKey() <= 1000 ? 5 : 50;
            double med = Double.parseDouble(sample.get("median"));
            summary.add(row(String.format(Locale.ROOT, "sampler, one sample, %,d parked platform threads",
                            e.getKey()), "ms per sample, median",
                    "dumpAllThreads " + dump.get("median"),
                    (m.containsKey("sample") ? "sample() " : "report() ") + sample.get("median"),
                    "—", "≤ " + (int) target + " ms",
                    (med <= target ? "PASS" : "MISS") + "; report() " + m.get("report").get("median") + " ms"));
        }
    }

    // ------------------------------------------------------------------------------------------- heap row

    private void runHeap() throws Exception {
        out.println();
        List<Object[]> cases = new ArrayList<>();
        if (jvm.feature >= 21) {
            cases.add(new Object[] {"virtual", cfg.heapVirtual});
        } else {
            summary.add(row("retained heap per tracked live thread (parked virtual threads)", "bytes", "n/a", "n/a",
                    "n/a", "≤ 200", "skipped: JDK " + jvm.feature + " has no virtual threads"));
        }
        cases.add(new Object[] {"platform", cfg.heapPlatform});
        md.append("\n### Heap (used heap after full GCs, least of 5 readings; -Xmx2g)\n\n");
        md.append("| threads | variant | before | after | growth | growth per thread |\n|---|---|---|---|---|---|\n");
        List<String> classTables = new ArrayList<>();
        for (Object[] c : cases) {
            String mode = (String) c[0];
            int count = (Integer) c[1];
            out.println("== heap: " + count + " parked " + mode + " threads, without and with the agent, 2 rounds");
            Map<String, List<long[]>> deltas = new LinkedHashMap<>();
            // per variant: class -> {instances, bytes} growth summed over the rounds
            Map<String, Map<String, long[]>> classes = new LinkedHashMap<>();
            for (int round = 0; round < 2; round++) {
                for (int k = 0; k < 2; k++) {
                    boolean withAgent = (k + round) % 2 == 1;
                    List<String> cmd = new ArrayList<>(List.of(cfg.jvm.toString(), "-Xmx2g"));
                    if (withAgent) {
                        cmd.add("-javaagent:" + cfg.agent + "=" + agentOptions());
                    }
                    cmd.addAll(List.of("-cp", benchJar.toString(), HeapProbe.class.getName(), mode,
                            Integer.toString(count)));
                    Path log = cfg.work.resolve("logs/heap-" + mode + "-" + (withAgent ? "agent" : "none") + "-r"
                            + (round + 1) + ".log");
                    Proc.Result r = Proc.run(cmd, log, 600);
                    if (r.exit() != 0) {
                        throw new IllegalStateException("heap probe failed (see " + log + ")");
                    }
                    Matcher m = Pattern.compile("before=(\\d+) after=(\\d+) delta=(-?\\d+)").matcher(r.stdout());
                    if (!m.find()) {
                        throw new IllegalStateException("no RESULT from the heap probe (see " + log + ")");
                    }
                    long[] v = {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
                    String variant = withAgent ? "agent" : "none";
                    deltas.computeIfAbsent(variant, x -> new ArrayList<>()).add(v);
                    Map<String, long[]> perClass = classes.computeIfAbsent(variant, x -> new TreeMap<>());
                    for (String line : r.stdout().lines().filter(l -> l.startsWith("HDELTA ")).toList()) {
                        String[] f = line.split(" ", 4);
                        long[] sum = perClass.computeIfAbsent(f[3], x -> new long[2]);
                        sum[0] += Long.parseLong(f[1]);
                        sum[1] += Long.parseLong(f[2]);
                    }
                    md.append(String.format(Locale.ROOT, "| %,d %s | %s | %,d | %,d | %,d | %.1f |%n", count, mode,
                            variant, v[0], v[1], v[2], v[2] / (double) count));
                    out.printf(Locale.ROOT, "  %-6s growth %,d bytes = %.1f per thread%n", variant, v[2],
                            v[2] / (double) count);
                }
            }
            double none = deltas.get("none").stream().mapToLong(d -> d[2]).average().orElseThrow();
            double agent = deltas.get("agent").stream().mapToLong(d -> d[2]).average().orElseThrow();
            double rawPerThread = (agent - none) / count;
            // class by class: growth with the agent less growth without, per thread, averaged over the rounds
            java.util.Set<String> names = new java.util.TreeSet<>(classes.get("none").keySet());
            names.addAll(classes.get("agent").keySet());
            StringBuilder t = new StringBuilder();
            t.append("\nPer class, ").append(String.format(Locale.ROOT, "%,d", count)).append(" parked ").append(mode)
                    .append(" threads: live-object growth (class histograms before and after) with the agent less"
                            + " without, per thread, mean of 2 rounds; classes at ≥ 0.5 B per thread:\n\n")
                    .append("| class | instances per thread | bytes per thread |\n|---|---|---|\n");
            double agentCost = 0;
            double agentOwn = 0;
            double stackChunk = 0;
            for (String n : names) {
                long[] a = classes.get("agent").getOrDefault(n, new long[2]);
                long[] b = classes.get("none").getOrDefault(n, new long[2]);
                double inst = (a[0] - b[0]) / 2.0 / count;
                double bytes = (a[1] - b[1]) / 2.0 / count;
                if (n.startsWith("jdk.internal.vm.StackChunk")) {
                    stackChunk = bytes;
                } else {
                    agentCost += bytes;
                }
                if (n.startsWith("io.threadstorm.")) {
                    agentOwn += bytes;
                }
                if (Math.abs(bytes) >= 0.5) {
                    t.append(String.format(Locale.ROOT, "| `%s` | %+.2f | %+.1f |%n", n, inst, bytes));
                }
            }
            t.append(String.format(Locale.ROOT, "%nSum without `StackChunk`: %+.1f B per thread (the agent's own"
                    + " classes: %+.1f B); `StackChunk` alone: %+.1f B (a parked virtual thread's stack copy: its"
                    + " size depends on which frames were compiled when it parked, which the agent's timing"
                    + " shifts; not retained by the agent). Raw used-heap difference: %+.1f B per thread.%n",
                    agentCost, agentOwn, stackChunk, rawPerThread));
            classTables.add(t.toString());
            out.printf(Locale.ROOT, "  agent's retained heap per thread: %+.1f B (own classes %+.1f B; raw heap"
                    + " difference %+.1f B, StackChunk %+.1f B)%n", agentCost, agentOwn, rawPerThread, stackChunk);
            boolean virtual = mode.equals("virtual");
            String title = String.format(Locale.ROOT, "retained heap per tracked live thread (%,d parked %s threads)",
                    count, mode);
            summary.add(row(title, "bytes per thread (class histograms)", String.format(Locale.ROOT,
                            "%.1f", none / count), String.format(Locale.ROOT, "%.1f", agent / count),
                    String.format(Locale.ROOT, "%+.1f B", agentCost), virtual ? "≤ 200" : "(reference)",
                    (virtual ? (agentCost <= 200 ? "PASS" : "MISS") : "—") + String.format(Locale.ROOT,
                            "; agent's own objects %+.1f B; raw used-heap difference %+.1f B", agentOwn,
                            rawPerThread)));
        }
        classTables.forEach(md::append);
    }

    // ------------------------------------------------------------------------------------------- formatting

    private String row(String title, String unit, String none, String agent, String ratio, String target,
                       String verdict) {
        return "| " + title + " | " + unit + " | " + none + " | " + agent + " | " + ratio + " | " + target + " | "
                + verdict + " |";
    }

    private static String pm(Scores s) {
        double e = s.error();
        return num(s.mean()) + (Double.isNaN(e) ? "" : " ± " + num(e));
    }

    private static double medianOf(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * The ratio of a variant's fork to the no-agent fork of the same round, over all rounds: the geometric mean
     * with a 95% interval (Student's t over the logarithms). The forks of one round ran minutes apart at most, so
     * a machine that drifts between rounds moves both alike.
     */
    private static String pairedRatio(Scores s, Scores base) {
        int n = Math.min(s.forkMeans.size(), base.forkMeans.size());
        if (n < 2) {
            return "n/a";
        }
        ListStatistics logs = new ListStatistics();
        for (int i = 0; i < n; i++) {
            logs.addValue(Math.log(s.forkMeans.get(i) / base.forkMeans.get(i)));
        }
        double e = logs.getMeanErrorAt(0.95);
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f] (%d rounds)", Math.exp(logs.getMean()),
                Math.exp(logs.getMean() - e), Math.exp(logs.getMean() + e), n);
    }

    private static String foreignList(Scores s) {
        List<String> f = new ArrayList<>();
        for (double d : s.foreign) {
            f.add(String.format(Locale.ROOT, "%.2f", d));
        }
        return String.join(", ", f) + " cores";
    }

    /** Waits (up to --quiet-wait seconds) until other processes use less than the noise limit over 3 s. */
    private void awaitQuiet() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(cfg.quietWaitSeconds);
        while (System.nanoTime() < end) {
            CpuMeter m = CpuMeter.now();
            Thread.sleep(3000);
            double f = m.foreignCores();
            if (!(f > cfg.noiseLimit)) {
                return;
            }
        }
        out.println("  (still busy after " + cfg.quietWaitSeconds + " s; going on)");
    }

    private static String forkMeans(Scores s) {
        List<String> f = new ArrayList<>();
        for (double d : s.forkMeans) {
            f.add(num(d));
        }
        return f.toString();
    }

    private static String ratio(Scores s, Scores base) {
        double r = s.mean() / base.mean();
        double e = ratioError(s, base);
        return String.format(Locale.ROOT, "%.3f", r) + (Double.isNaN(e) ? "" : String.format(Locale.ROOT, " ± %.3f", e));
    }

    private static double ratioError(Scores s, Scores base) {
        double r = s.mean() / base.mean();
        double a = s.error() / s.mean();
        double b = base.error() / base.mean();
        return r * Math.sqrt(a * a + b * b);
    }

    static String num(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        double abs = Math.abs(d);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", d);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return String.format(Locale.ROOT, "%.2f", d);
    }

    private static double median(List<double[]> runs, int index) {
        return pct(runs, index, 50);
    }

    private static double pct(List<double[]> runs, int index, int p) {
        double[] v = runs.stream().mapToDouble(r -> r[index]).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        double pos = (v.length - 1) * p / 100.0;
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return v[lo] + (v[hi] - v[lo]) * (pos - lo);
    }

    // ------------------------------------------------------------------------------------------- environment

    private static Path benchJar() throws URISyntaxException {
        return Path.of(Compare.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String memTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal")) {
                    long kb = Long.parseLong(l.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            // not Linux
        }
        return "? GiB";
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Reads every entry (checking its CRC): a jar caught half-written fails here. */
    private static boolean intact(Path jar) {
        try (java.util.jar.JarFile z = new java.util.jar.JarFile(jar.toFile())) {
            if (z.getManifest() == null || z.getManifest().getMainAttributes().getValue("Premain-Class") == null) {
                return false; // the shade step's intermediate jar, before the agent layout is written
            }
            var entries = z.entries();
            while (entries.hasMoreElements()) {
                try (InputStream in = z.getInputStream(entries.nextElement())) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(d.digest(Files.readAllBytes(file)));
    }

    /** What the measured JVM is. */
    record JvmInfo(int feature, String version) {
        static JvmInfo of(Path java) throws Exception {
            Proc.Result r = Proc.run(List.of(java.toString(), "-XshowSettings:properties", "-version"), null, 60);
            String all = r.stdout() + r.stderr();
            Matcher spec = Pattern.compile("java\\.specification\\.version = (\\d+)").matcher(all);
            Matcher rt = Pattern.compile("java\\.runtime\\.version = (\\S+)").matcher(all);
            Matcher vendor = Pattern.compile("java\\.vendor = (.+)").matcher(all);
            if (r.exit() != 0 || !spec.find()) {
                throw new IllegalArgumentException("cannot run " + java + ": " + all);
            }
            String version = (rt.find() ? rt.group(1) : "?") + (vendor.find() ? ", " + vendor.group(1).trim() : "");
            return new JvmInfo(Integer.parseInt(spec.group(1)), version);
        }
    }

    /** The command line. */
    static final class Config {
        static final String USAGE = """
                usage: java -jar benchmarks/target/benchmarks.jar [options]
                  --jvm PATH        java binary of the measured processes (default: the one running this)
                  --agent PATH      agent jar (default: agent-core/target/threadstorm-agent.jar beside benchmarks/)
                  --rows LIST       comma-separated rows: thread-start,executor,future,virtual,virtual-executor,
                                    startup,sampler,heap
                                    (default: all; virtual and the virtual heap row need JDK 21+)
                  --quick           smoke test: 1 round, short iterations, fewer startup runs (~2-3 min)
                  --rounds N        alternating rounds of single forks per variant (default 4)
                  --warmup N        warmup iterations per fork (default 3)
                  --iterations N    measurement iterations per fork (default 5)
                  --time MS         length of one iteration (default 1000)
                  --prof LIST       JMH profilers for the forks, e.g. gc,stack or stack:lines=5 or jfr (recordings
                                    in DIR/logs/jfr/ROW-VARIANT/) (default: gc)
                  --settings        instead of JFR, run extra agent variants that show what the default
                                    sampleRate and stackDepth cost (JMH rows only)
                  --no-jfr          leave out the JFR comparison on the thread-start row
                  --no-empty-agent  leave out the forks with an empty Java agent, which show what the JVM itself
                                    charges for any -javaagent (JMH rows)
                  --agent-options S extra agent options for every agent variant, e.g. sampleRate=128
                  --startup-runs N  runs per variant in the startup row (default 15)
                  --sampler-counts  parked thread counts for the sampler row (default 1000,10000)
                  --heap-virtual N  parked virtual threads for the heap row (default 100000)
                  --heap-platform N parked platform threads for the heap reference row (default 10000)
                  --noise-limit C   a fork during which other processes kept more than C cores busy is repeated
                                    once the machine is quiet (default 0.1: thread start slows down by tens of
                                    percent when another process keeps a third of a core busy)
                  --retries N       repeats per noisy fork (default 2; 0 keeps every fork as it came)
                  --quiet-wait S    longest wait for a quiet machine before a repeat and before the run (default 120)
                  --work DIR        logs, reports and results (default /tmp/threadstorm-bench)
                  --out FILE        results file (default DIR/results-jdkNN-TIME.md)
                """;

        boolean help;
        Path jvm = Path.of(System.getProperty("java.home"), "bin", "java");
        Path agent;
        Path agentSource;
        Path work = Path.of("/tmp/threadstorm-bench");
        Path out;
        boolean quick;
        int rounds = 4;
        int warmupIterations = 3;
        int measurementIterations = 5;
        long iterationMillis = 1000;
        Set<String> rows = new LinkedHashSet<>(ALL_ROWS);
        List<String> profilers = new ArrayList<>(List.of("gc"));
        boolean settings;
        boolean jfr = true;
        boolean emptyAgent = true;
        String agentOptions = "";
        int startupRuns = 15;
        int samplerReps = 9;
        String samplerCounts = "1000,10000";
        int heapVirtual = 100_000;
        int heapPlatform = 10_000;
        double noiseLimit = 0.1;
        int retries = 2;
        long quietWaitSeconds = 120;

        static Config parse(String[] args) {
            Config c = new Config();
            List<String> a = new ArrayList<>(Arrays.asList(args));
            if (a.contains("--quick")) {
                c.quick = true;
                c.rounds = 1;
                c.warmupIterations = 2;
                c.measurementIterations = 3;
                c.iterationMillis = 500;
                c.startupRuns = 5;
                c.samplerReps = 3;
            }
            for (int i = 0; i < a.size(); i++) {
                String k = a.get(i);
                switch (k) {
                    case "--quick" -> {
                    }
                    case "-h", "--help" -> c.help = true;
                    case "--settings" -> c.settings = true;
                    case "--no-jfr" -> c.jfr = false;
                    case "--no-empty-agent" -> c.emptyAgent = false;
                    case "--jvm" -> c.jvm = Path.of(value(a, ++i, k));
                    case "--agent" -> c.agent = Path.of(value(a, ++i, k)).toAbsolutePath();
                    case "--rows" -> {
                        c.rows = new LinkedHashSet<>(Arrays.asList(value(a, ++i, k).split(",")));
                        for (String r : c.rows) {
                            if (!ALL_ROWS.contains(r)) {
                                throw new IllegalArgumentException("unknown row " + r);
                            }
                        }
                    }
                    case "--rounds" -> c.rounds = Integer.parseInt(value(a, ++i, k));
                    case "--warmup" -> c.warmupIterations = Integer.parseInt(value(a, ++i, k));
                    case "--iterations" -> c.measurementIterations = Integer.parseInt(value(a, ++i, k));
                    case "--time" -> c.iterationMillis = Long.parseLong(value(a, ++i, k));
                    case "--prof" -> c.profilers = Arrays.asList(value(a, ++i, k).split(","));
                    case "--no-prof" -> c.profilers = List.of();
                    case "--agent-options" -> c.agentOptions = value(a, ++i, k);
                    case "--startup-runs" -> c.startupRuns = Integer.parseInt(value(a, ++i, k));
                    case "--sampler-counts" -> c.samplerCounts = value(a, ++i, k);
                    case "--sampler-reps" -> c.samplerReps = Integer.parseInt(value(a, ++i, k));
                    case "--heap-virtual" -> c.heapVirtual = Integer.parseInt(value(a, ++i, k));
                    case "--heap-platform" -> c.heapPlatform = Integer.parseInt(value(a, ++i, k));
                    case "--noise-limit" -> c.noiseLimit = Double.parseDouble(value(a, ++i, k));
                    case "--retries" -> c.retries = Integer.parseInt(value(a, ++i, k));
                    case "--quiet-wait" -> c.quietWaitSeconds = Long.parseLong(value(a, ++i, k));
                    case "--work" -> c.work = Path.of(value(a, ++i, k)).toAbsolutePath();
                    case "--out" -> c.out = Path.of(value(a, ++i, k)).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown option " + k);
                }
            }
            if (!Files.isExecutable(c.jvm)) {
                throw new IllegalArgumentException("--jvm " + c.jvm + " is not an executable");
            }
            return c;
        }

        private static String value(List<String> a, int i, String key) {
            if (i >= a.size()) {
                throw new IllegalArgumentException(key + " needs a value");
            }
            return a.get(i);
        }
    }

    /** Child processes with their output captured (and kept in a log file). */
    static final class Proc {
        record Result(int exit, String stdout, String stderr) {
        }

        static Result run(List<String> cmd, Path log, long timeoutSeconds) throws Exception {
            Path dir = Files.createTempDirectory("threadstorm-bench-proc");
            Path o = dir.resolve("out");
            Path e = dir.resolve("err");
            Process p = new ProcessBuilder(cmd).redirectOutput(o.toFile()).redirectError(e.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
            }
            String stdout = Files.readString(o, StandardCharsets.UTF_8);
            String stderr = Files.readString(e, StandardCharsets.UTF_8);
            Files.delete(o);
            Files.delete(e);
            Files.delete(dir);
            if (log != null) {
                Files.writeString(log, "$ " + String.join(" ", cmd) + "\n--- stdout\n" + stdout + "--- stderr\n"
                        + stderr);
            }
            return new Result(p.isAlive() ? -1 : p.exitValue(), stdout, stderr);
        }
    }
}
