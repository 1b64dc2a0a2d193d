package io.threadstorm.bench;

import static io.threadstorm.bench.Results.row;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Row {@code sampler}: {@link SamplerProbe} in one JVM with the agent, one sample timed at each thread count. */
final class SamplerRow extends Row {

    SamplerRow(Run run) {
        super(run);
    }

    void run() throws Exception {
        out.println();
        out.println("== sampler: " + cfg.samplerCounts + " parked platform threads from one site, "
                + cfg.samplerReps + " timed samples each");
        Path log = cfg.work.resolve("logs/sampler.log");
        List<String> cmd = List.of(cfg.jvm.toString(),
                "-javaagent:" + cfg.agent + "=interval=1h,reportOnExit=false,reportDir="
                        + cfg.work.resolve("reports-sampler"),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", run.benchJar().toString(), SamplerProbe.class.getName(), cfg.samplerCounts,
                Integer.toString(cfg.samplerReps));
        Proc.Result r = Proc.run(cmd, log, 900);
        if (r.exit() != 0) {
            throw new IllegalStateException("sampler probe failed (see " + log + ")");
        }
        Map<String, Map<String, Map<String, String>>> byCount = new LinkedHashMap<>();
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
            String key = kv.get("threads") + ("0".equals(kv.get("virtual")) ? " platform" : " (" + kv.get("virtual")
                    + " virtual)");
            byCount.computeIfAbsent(key, x -> new LinkedHashMap<>())
                    .put(kv.get("measure"), kv);
        }
        md.append("\n### Sampler (ms per call, median of ").append(cfg.samplerReps)
                .append(" after 2 warm-up calls; min–max; first call)\n\n");
        md.append("| parked threads | JVM threads | agent `Sampler.sample()` | agent MBean `report()` | "
                + "`dumpAllThreads(false,false)` | `findDeadlockedThreads()` |\n|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Map<String, Map<String, String>>> e : byCount.entrySet()) {
            Map<String, Map<String, String>> m = e.getValue();
            String live = m.values().iterator().next().get("live");
            md.append("| ").append(e.getKey()).append(" | ").append(live);
            for (String measure : List.of("sample", "report", "dumpAllThreads", "findDeadlocked")) {
                Map<String, String> kv = m.get(measure);
                md.append(" | ").append(kv == null ? "n/a" : kv.get("median") + " (" + kv.get("min") + "–"
                        + kv.get("max") + "; first " + kv.get("first") + ")");
            }
            md.append(" |\n");
            out.println("  " + e.getKey() + " threads: " + m.values());
            Map<String, String> sample = m.containsKey("sample") ? m.get("sample") : m.get("report");
            Map<String, String> dump = m.get("dumpAllThreads");
            int threads = Integer.parseInt(e.getKey().substring(0, e.getKey().indexOf(' ')));
            double target = threads <= 1000 ? 5 : threads <= 10_000 ? 50 : 500;
            double med = Double.parseDouble(sample.get("median"));
            summary.add(row("sampler, one sample, " + e.getKey() + " parked threads", "ms per sample, median",
                    "dumpAllThreads " + dump.get("median"),
                    (m.containsKey("sample") ? "sample() " : "report() ") + sample.get("median"),
                    "—", "≤ " + (int) target + " ms",
                    (med <= target ? "PASS" : "MISS") + "; report() " + m.get("report").get("median") + " ms"));
        }
        share();
    }

    /** The sampler thread's CPU share at the default interval with {@code --share-threads} parked threads. */
    private void share() throws Exception {
        int n = cfg.shareThreads;
        int seconds = cfg.quick ? 12 : 62;
        out.println("== sampler share: " + n + " parked platform threads, default interval, " + seconds + " s");
        Path log = cfg.work.resolve("logs/sampler-share.log");
        Proc.Result r = Proc.run(List.of(cfg.jvm.toString(), "-javaagent:" + cfg.agent + "=reportOnExit=false,"
                + "reportDir=" + cfg.work.resolve("reports-sampler"), "-cp", run.benchJar().toString(),
                SamplerShare.class.getName(), Integer.toString(n), Integer.toString(seconds)), log, seconds + 120L);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cpuMs=(\\S+) share=(\\S+)").matcher(r.stdout());
        if (r.exit() != 0 || !m.find()) {
            throw new IllegalStateException("sampler share probe failed (see " + log + ")");
        }
        double share = Double.parseDouble(m.group(2));
        out.printf(Locale.ROOT, "  sampler thread: %s ms of CPU in %d s = %.2f%% of one core%n", m.group(1), seconds,
                share * 100);
        summary.add(row(String.format(Locale.ROOT, "sampler CPU share, %,d parked platform threads, default interval",
                n), "% of one core", "—", String.format(Locale.ROOT, "%.2f %%", share * 100), "—", "≤ 1 %",
                (share <= 0.01 ? "PASS" : "MISS") + "; " + m.group(1) + " ms of CPU in " + seconds + " s"));
    }
}
