package io.threadstorm.bench;

import static io.threadstorm.bench.Results.row;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Row {@code heap}: {@link HeapProbe} with and without the agent, the heap kept per tracked live thread. */
final class HeapRow extends Row {

    HeapRow(Run run) {
        super(run);
    }

    void run() throws Exception {
        out.println();
        List<Object[]> cases = new ArrayList<>();
        if (jvm.feature() >= 21) {
            cases.add(new Object[] {"virtual", cfg.heapVirtual});
        } else {
            summary.add(row("retained heap per tracked live thread (parked virtual threads)", "bytes", "n/a", "n/a",
                    "n/a", "≤ 200", "skipped: JDK " + jvm.feature() + " has no virtual threads"));
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
                        cmd.add("-javaagent:" + cfg.agent + "=" + run.agentOptions());
                    }
                    cmd.addAll(List.of("-cp", run.benchJar().toString(), HeapProbe.class.getName(), mode,
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
}
