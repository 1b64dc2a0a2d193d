package io.threadstorm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The runner's command line: which rows, which JVM and agent, how long, how noisy a machine may be. */
final class Config {

    static final List<String> ALL_ROWS = List.of("thread-start", "executor", "execute-queued", "future",
            "future-pending", "virtual", "virtual-yield", "virtual-executor", "startup", "sampler", "heap");
    static final String USAGE = """
            usage: java -jar benchmarks/target/benchmarks.jar [options]
              --jvm PATH        java binary of the measured processes (default: the one running this)
              --agent PATH      agent jar (default: agent-core/target/threadstorm-agent.jar beside benchmarks/)
              --baseline PATH   an earlier agent jar, run as one more variant of every JMH row (before/after)
              --rows LIST       comma-separated rows: thread-start,executor,execute-queued,future,
                                future-pending,virtual,virtual-yield,virtual-executor,startup,sampler,heap
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
              --sampler-counts  parked thread counts for the sampler row, vN for N virtual threads on top
                                (default 1000,10000,v100000; the virtual step needs JDK 21+)
              --share-threads N parked threads while the sampler's CPU share is read (default 10000)
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
    /** An earlier agent jar measured beside the agent in every JMH row ({@code --baseline}): before and after. */
    Path baseline;
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
    String samplerCounts = "1000,10000,v100000";
    int shareThreads = 10_000;
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
                case "--baseline" -> c.baseline = Path.of(value(a, ++i, k)).toAbsolutePath();
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
                case "--share-threads" -> c.shareThreads = Integer.parseInt(value(a, ++i, k));
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
