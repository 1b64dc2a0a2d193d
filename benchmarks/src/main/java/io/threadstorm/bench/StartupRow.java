package io.threadstorm.bench;

import static io.threadstorm.bench.Results.row;
import static io.threadstorm.bench.Scores.median;
import static io.threadstorm.bench.Scores.pct;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Row {@code startup}: a trivial {@code main}, alternating without the agent, with its defaults, with
 * {@code reportOnExit=false} and with {@code enabled=false}; wall time to the end of {@code main} and to exit, and the
 * classes loaded (and how many not from the class data sharing archive).
 */
final class StartupRow extends Row {

    StartupRow(Run run) {
        super(run);
    }

    void run() throws Exception {
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
        List<Variant> variants = new ArrayList<>(List.of(
                new Variant("none", "no agent", List.of()),
                new Variant("agent", "agent, defaults (reportOnExit=true: an exit report is written)",
                        List.of(agent)),
                new Variant("agent-noexit", "agent, reportOnExit=false", List.of(agent + ",reportOnExit=false")),
                new Variant("agent-off", "agent jar loaded with enabled=false", List.of(agent + ",enabled=false"))));
        if (cfg.emptyAgent) {
            // what the JVM itself charges for any -javaagent (instrument, its premain call), before any agent work
            Path empty = EmptyAgent.write(cfg.work.resolve("empty-agent-startup.jar"));
            variants.add(1, new Variant("empty", "an empty Java agent (the JVM's own price of any `-javaagent`)",
                    List.of("-javaagent:" + empty)));
        }
        if (cfg.baseline != null) {
            variants.add(new Variant("before", "the agent before (`--baseline`), defaults", List.of("-javaagent:"
                    + cfg.baseline + "=reportDir=" + reports)));
        }
        Map<String, List<double[]>> runs = new LinkedHashMap<>();
        for (Variant v : variants) {
            runs.put(v.id(), new ArrayList<>());
        }
        int n = variants.size();
        int warm = 2;
        for (int i = 0; i < warm + cfg.startupRuns; i++) {
            for (int k = 0; k < n; k++) {
                Variant v = variants.get((k + i) % n);
                List<String> cmd = new ArrayList<>();
                cmd.add(cfg.jvm.toString());
                cmd.addAll(v.jvmArgs());
                cmd.add("-cp");
                cmd.add(classesDir.toString());
                cmd.add(TrivialMain.class.getName());
                double[] t = startOnce(cmd);
                if (i >= warm) {
                    runs.get(v.id()).add(t);
                }
            }
        }
        Map<String, long[]> classes = new LinkedHashMap<>();
        for (Variant v : variants) {
            classes.put(v.id(), loadedClasses(v, classesDir));
        }
        double baseMain = median(runs.get("none"), 1);
        double baseWall = median(runs.get("none"), 0);
        md.append("\n### Startup runs (ms, median of ").append(cfg.startupRuns).append("; p25–p75)\n\n");
        md.append("| variant | to end of `main` | Δ | to process exit | Δ | classes loaded (not from CDS) |\n"
                + "|---|---|---|---|---|---|\n");
        for (Variant v : variants) {
            List<double[]> r = runs.get(v.id());
            double m = median(r, 1);
            double w = median(r, 0);
            long[] c = classes.get(v.id());
            md.append(String.format(Locale.ROOT, "| %s | %.1f (%.1f–%.1f) | %+.1f | %.1f (%.1f–%.1f) | %+.1f | %,d (%,d)"
                    + " |%n", v.label(), m, pct(r, 1, 25), pct(r, 1, 75), m - baseMain, w, pct(r, 0, 25), pct(r, 0, 75),
                    w - baseWall, c[0], c[1]));
            out.printf(Locale.ROOT, "  %-14s end of main %7.1f ms (%+.1f)   exit %7.1f ms (%+.1f)%n", v.id(), m,
                    m - baseMain, w, w - baseWall);
        }
        double agentMain = median(runs.get("agent"), 1);
        double agentWall = median(runs.get("agent"), 0);
        double dMain = agentMain - baseMain;
        double dWall = agentWall - baseWall;
        summary.add(row("JVM start to end of a trivial `main` (agent defaults)", "wall ms, median",
                String.format(Locale.ROOT, "%.1f", baseMain), String.format(Locale.ROOT, "%.1f", agentMain),
                String.format(Locale.ROOT, "%+.1f ms", dMain), "≤ +100 ms",
                (dMain <= 100 ? "PASS" : "MISS") + String.format(Locale.ROOT,
                        "; to process exit %.1f → %.1f ms (%+.1f, exit report included)", baseWall, agentWall,
                        dWall) + (runs.containsKey("empty") ? String.format(Locale.ROOT,
                        "; an empty agent: %+.1f ms, the agent over it %+.1f ms", median(runs.get("empty"), 1)
                        - baseMain, agentMain - median(runs.get("empty"), 1)) : "")
                        + (runs.containsKey("before") ? String.format(Locale.ROOT, "; before: %+.1f ms",
                        median(runs.get("before"), 1) - baseMain) : "")));
    }

    /** One untimed run with {@code -Xlog:class+load}: {classes loaded, of which not from the CDS archive}. */
    private long[] loadedClasses(Variant v, Path classesDir) throws Exception {
        Path log = cfg.work.resolve("logs/startup-classes-" + v.id() + ".txt");
        Files.deleteIfExists(log);
        List<String> cmd = new ArrayList<>();
        cmd.add(cfg.jvm.toString());
        cmd.add("-Xlog:class+load=info:file=" + log);
        cmd.addAll(v.jvmArgs());
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
}
