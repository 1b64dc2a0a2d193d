package io.threadstorm.proof;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.threadstorm.bootstrap.Recorder;
import io.threadstorm.report.Report;
import io.threadstorm.report.ReportFiles;
import io.threadstorm.report.ReportJson;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@code heapProof=onSurge}: on a site's first surge, a live heap dump into {@code reportDir}, the proof in a child JVM
 * of the same Java with a bounded heap and low priority, and a follow-up report (trigger {@code proof}). All of it
 * runs on an agent-owned daemon thread the agent does not track; the heap-analysis classes are loaded only in the
 * child. At most one dump per {@code heapProofCooldown}; never when {@code reportDir} has less free space than twice
 * the used heap. Whatever fails loses the proof, never the application.
 */
public final class HeapProofTrigger {

    /** How long the child may take before it is ended. */
    private static final long CHILD_TIMEOUT_MINUTES = 30;

    private final boolean enabled;
    private final Path dir;
    private final String maxHeap;
    private final long cooldownMillis;
    private final boolean keep;
    private final ReportFiles files;
    private final Path agentJar;
    private final Set<Long> provedSites = new HashSet<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Consumer<String> info;
    private final Consumer<String> warn;
    private long lastDump = Long.MIN_VALUE;
    /** The proof under way, for the exit hook: its child and its dump. */
    private volatile Process child;
    private volatile Path dumping;
    private boolean hooked;

    /** {@code info} and {@code warn} take one line each for the agent's log. */
    public HeapProofTrigger(String mode, Path dir, String maxHeap, java.time.Duration cooldown, boolean keep,
                            ReportFiles files, Path agentJar, Consumer<String> info, Consumer<String> warn) {
        this.info = info;
        this.warn = warn;
        this.enabled = "onSurge".equals(mode) && agentJar != null;
        this.dir = dir.toAbsolutePath();
        this.maxHeap = maxHeap;
        this.cooldownMillis = cooldown.toMillis();
        this.keep = keep;
        this.files = files;
        this.agentJar = agentJar;
    }

    /**
     * Called after a surge report was written, with the ids of its suspect sites. Returns at once; the proof runs on
     * its own thread when one of the sites surges for the first time and the cooldown allows.
     */
    public synchronized void onSurge(Collection<Long> siteIds, Path surgeReport) {
        if (!enabled || surgeReport == null || running.get() || provedSites.containsAll(siteIds)) {
            return;
        }
        long now = System.currentTimeMillis();
        if (lastDump != Long.MIN_VALUE && now - lastDump < cooldownMillis) {
            return;
        }
        lastDump = now;
        provedSites.addAll(siteIds);
        running.set(true);
        if (!hooked) {
            hooked = true;
            // the JVM may end while a proof runs: end the child with it and leave no dump behind
            Runtime.getRuntime().addShutdownHook(new Thread(this::abandon, "threadstorm-proof-exit"));
        }
        Thread t = new Thread(() -> {
            try {
                prove(surgeReport);
            } catch (Throwable e) {
                warn.accept("heap proof failed: " + e);
            } finally {
                running.set(false);
            }
        }, "threadstorm-proof");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        Recorder.startUntracked(t);
    }

    private void abandon() {
        Process p = child;
        Path d = dumping;
        if (p != null) {
            p.destroyForcibly();
            System.err.println("threadstorm: heap proof abandoned: the JVM is exiting");
        }
        if (d != null && !keep) {
            try {
                Files.deleteIfExists(d);
            } catch (IOException | RuntimeException e) {
                // the JVM is ending; nothing more can be done
            }
        }
    }

    private void prove(Path surgeReport) throws IOException, InterruptedException {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        Files.createDirectories(dir);
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < 2 * used) {
            warn.accept("heap proof skipped: " + (free >> 20) + " MB free in " + dir.toAbsolutePath()
                    + ", the dump needs twice the used heap (" + ((2 * used) >> 20) + " MB)");
            return;
        }
        long pid = ProcessHandle.current().pid();
        Path dump = dir.resolve("threadstorm-heap-" + pid + "-" + System.currentTimeMillis() + ".hprof");
        Path out = dir.resolve(".threadstorm-proof-" + pid + ".json.tmp");
        Path err = dir.resolve(".threadstorm-proof-" + pid + ".err.tmp");
        dumping = dump;
        try {
            long start = System.nanoTime();
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);
            long pauseMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            long analysisStart = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(command(dump, surgeReport)).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .directory(dir.toFile());
            clean(builder.environment());
            Process child = builder.start();
            this.child = child;
            if (!child.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                child.destroyForcibly();
                warn.accept("heap proof ended: the analysis took longer than " + CHILD_TIMEOUT_MINUTES + " min");
                return;
            }
            if (child.exitValue() != 0) {
                String why = Files.readAllLines(err).stream().filter(l -> !l.isBlank()).findFirst()
                        .orElse("exit status " + child.exitValue());
                warn.accept("heap proof failed: " + why);
                return;
            }
            Report report = ReportJson.read(Files.readString(out));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            if (!keep) {
                Files.deleteIfExists(dump); // before writing: the report must not name a dump that is gone
            }
            var path = files.write(report);
            double seconds = (System.nanoTime() - analysisStart) / 1e9;
            if (path.isPresent()) {
                info.accept("proof report " + path.get() + ": " + report.summary().verdict() + " (heap dump pause "
                        + pauseMillis + " ms, analysis " + String.format(Locale.ROOT, "%.1f", seconds) + " s"
                        + (keep ? ", dump kept at " + dump : "") + ")");
            } else {
                warn.accept("could not write the proof report: " + files.lastFailure().orElse("unknown error"));
            }
        } finally {
            child = null;
            dumping = null;
            if (!keep) {
                Files.deleteIfExists(dump);
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The same Java, a bounded heap, low priority where {@code nice} exists; no agent of its own. */
    private List<String> command(Path dump, Path surgeReport) {
        List<String> cmd = new ArrayList<>();
        for (String nice : List.of("/usr/bin/nice", "/bin/nice")) {
            if (Files.isExecutable(Path.of(nice))) {
                cmd.addAll(List.of(nice, "-n", "19"));
                break;
            }
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + maxHeap);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-jar");
        cmd.add(agentJar.toString());
        cmd.addAll(List.of("analyze", "--heap", dump.toString(), "--report", surgeReport.toAbsolutePath().toString(),
                "--json"));
        return cmd;
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** Nothing in the child's environment may load an agent into it (the injector sets JAVA_TOOL_OPTIONS). */
    static void clean(Map<String, String> env) {
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        env.keySet().removeIf(k -> k.startsWith("THREADSTORM_"));
    }
}
