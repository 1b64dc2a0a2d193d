package io.threadstorm.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark run as every row sees it: the configuration, the measured JVM, the runner's jar (the forks' class
 * path), the console and the results being written.
 */
record Run(Config cfg, JvmInfo jvm, Path benchJar, PrintStream out, Results results) {

    /**
     * Default agent options in every measured process: nothing written at exit, reports kept under the work dir, and
     * the benchmarks' package as the application's. A JMH fork's main class is JMH's runner, whose package the agent
     * would otherwise take for the application's: the benchmark classes between the start and the runner would then
     * read as a library's, whose task classes never name a site, and every start would walk its stack.
     */
    static final String AGENT_OPTIONS = "reportOnExit=false,appPackages=io.threadstorm.bench";
    /** Fixed heap for the JMH forks, so that a variant's allocations cannot change the heap sizing. */
    static final List<String> FORK_ARGS = List.of("-Xms1g", "-Xmx1g");

    String agentOptions() {
        return AGENT_OPTIONS + ",reportDir=" + cfg.work.resolve("reports")
                + (cfg.agentOptions.isEmpty() ? "" : "," + cfg.agentOptions);
    }

    /** Waits (up to --quiet-wait seconds) until other processes use less than the noise limit over 3 s. */
    void awaitQuiet() throws InterruptedException {
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
}
