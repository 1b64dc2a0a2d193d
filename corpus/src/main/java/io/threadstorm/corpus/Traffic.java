package io.threadstorm.corpus;

import io.threadstorm.examples.Workload;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The load the correct-use programs run under: a fixed event rate, and a service's own request threads. */
public final class Traffic {

    private Traffic() {
    }

    /** {@code perSecond} events a second for the command line's {@code --duration} (15 s unless given). */
    public static Workload at(int perSecond, String[] args) {
        return Workload.parse(new String[] {"--rate=" + perSecond, "--duration=" + Workload.parse(args)
                .option("duration", "15")});
    }

    /** A fixed pool of {@code threads} request threads named {@code prefix-N}: the service's callers. */
    public static ExecutorService callers(String prefix, int threads) {
        AtomicInteger ids = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> new Thread(r, prefix + "-" + ids.incrementAndGet()));
    }
}
