package io.threadstorm.bench;

import static io.threadstorm.bench.Results.row;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark runner: {@code java -jar benchmarks/target/benchmarks.jar [options]} ({@link Config}). It copies the
 * agent jar (a rebuild during the run must not change what the forks load), takes the machine-wide lock, checks that
 * the agent loads, then runs the rows: the JMH hot paths ({@link JmhRows}) and the process harnesses
 * ({@link StartupRow}, {@link SamplerRow}, {@link HeapRow}); {@link Results} lays out the Markdown, printed and written
 * to a results file.
 */
public final class Compare {

    /** Held for a whole run, so that two runs on one machine take turns instead of spoiling each other. */
    private static final String LOCK = "/tmp/threadstorm-bench.lock";

    private final Run run;
    private final Config cfg;
    private final JvmInfo jvm;
    private final PrintStream out;
    private final Results res;
    private final StringBuilder md;
    private final List<String> notes;
    private final List<String> summary;
    private final JmhRows jmh;

    private Compare(Run run) {
        this.run = run;
        this.cfg = run.cfg();
        this.jvm = run.jvm();
        this.out = run.out();
        this.res = run.results();
        this.md = res.md;
        this.notes = res.notes;
        this.summary = res.summary;
        this.jmh = new JmhRows(run);
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
                new Compare(new Run(cfg, info, jar, System.out, new Results())).run();
            } finally {
                held.release();
            }
        }
    }

    private void run() throws Exception {
        long start = System.nanoTime();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path results = cfg.out != null ? cfg.out
                : cfg.work.resolve("results-jdk" + jvm.feature() + "-" + stamp + ".md");
        header(stamp);
        preflight();
        run.awaitQuiet();
        for (JmhRows.JmhRow row : JmhRows.ROWS) {
            if (!cfg.rows.contains(row.id())) {
                continue;
            }
            if (row.virtual() && jvm.feature() < 21) {
                summary.add(row(row.title(), "ns/op", "n/a", "n/a", "n/a", "≤ " + row.target(), "skipped: JDK "
                        + jvm.feature() + " has no virtual threads"));
                continue;
            }
            jmh.run(row);
        }
        for (String harness : List.of("startup", "sampler", "heap")) {
            if (!cfg.rows.contains(harness)) {
                continue;
            }
            CpuMeter meter = CpuMeter.now();
            switch (harness) {
                case "startup" -> new StartupRow(run).run();
                case "sampler" -> new SamplerRow(run).run();
                default -> new HeapRow(run).run();
            }
            double foreign = meter.foreignCores();
            out.printf(Locale.ROOT, "  (other processes: %.2f cores on average meanwhile)%n", foreign);
            if (foreign > cfg.noiseLimit) {
                notes.add(String.format(Locale.ROOT, "%s: other processes kept %.2f cores busy on average while it"
                        + " ran", harness, foreign));
            }
        }
        String doc = res.finish(jvm.feature(), Machine.loadAverage(),
                Duration.ofNanos(System.nanoTime() - start).toSeconds());
        Files.writeString(results, doc);
        out.println();
        out.println(doc);
        out.println("results written to " + results);
        out.println("JMH logs (per fork) in " + cfg.work.resolve("logs"));
    }


    private void header(String stamp) throws Exception {
        md.append("# threadstorm benchmarks, JDK ").append(jvm.feature()).append(", ").append(stamp).append("\n\n");
        md.append("- machine: ").append(Machine.cpuModel()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(Machine.memTotal()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append('\n');
        md.append("- JVM of the measured processes: `").append(cfg.jvm).append("` (").append(jvm.version()).append(")\n");
        md.append("- agent: `").append(cfg.agentSource).append("` (").append(Files.size(cfg.agent))
                .append(" bytes, sha256 ").append(sha256(cfg.agent).substring(0, 12)).append(", built ")
                .append(Files.getLastModifiedTime(cfg.agentSource)).append("), measured from a copy\n");
        md.append("- agent options in the JMH forks: defaults plus `").append(run.agentOptions()).append("`\n");
        md.append("- JMH: ").append(cfg.rounds).append(" round(s) of single forks per variant, order rotated each")
                .append(" round; per fork ").append(cfg.warmupIterations).append(" warmup + ")
                .append(cfg.measurementIterations).append(" measurement iterations of ")
                .append(cfg.iterationMillis).append(" ms; fork JVM args ").append(Run.FORK_ARGS)
                .append("; error = 99.9% confidence half-width over all iterations of all forks")
                .append(cfg.quick ? " (--quick: a smoke test, not a measurement)" : "").append('\n');
        md.append("- load average at the start: ").append(Machine.loadAverage()).append('\n');
        out.print(md);
    }

    private void preflight() throws Exception {
        Path log = cfg.work.resolve("logs/preflight.log");
        List<String> cmd = List.of(cfg.jvm.toString(), "-javaagent:" + cfg.agent + "=" + run.agentOptions(),
                "-cp", run.benchJar().toString(), AgentCheck.class.getName());
        Proc.Result r = Proc.run(cmd, log, 60);
        String stderr = r.stderr();
        List<String> agentLines = stderr.lines().filter(l -> l.startsWith("threadstorm")).toList();
        if (r.exit() != 0 || !r.stdout().contains("AGENT OK")) {
            throw new IllegalStateException("agent preflight failed (see " + log + "): " + r.stdout() + stderr);
        }
        for (String l : agentLines) {
            if (l.contains("cannot hook") || l.contains("disabled")) {
                notes.add("agent preflight on JDK " + jvm.feature() + ": `" + l + "`");
            }
        }
        out.println("preflight: agent loaded, MBean answers, thread start recorded (" + r.stdout().trim() + ")");
    }

    private static Path benchJar() throws URISyntaxException {
        return Path.of(Compare.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
}
