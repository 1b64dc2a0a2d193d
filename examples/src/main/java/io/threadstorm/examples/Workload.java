package io.threadstorm.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Command-line options shared by every example ({@code --duration=<seconds>}, default 20, and
 * {@code --rate=<events per second>}, default 4) and a fixed-rate driver that plays the part of
 * incoming traffic. It never starts threads itself: every thread is started by the example.
 */
public final class Workload {

    private final long durationNanos;
    private final double rate;
    private final Map<String, String> options;
    private final List<String> positional;

    private Workload(long durationNanos, double rate, Map<String, String> options, List<String> positional) {
        this.durationNanos = durationNanos;
        this.rate = rate;
        this.options = options;
        this.positional = positional;
    }

    public static Workload parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                options.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
            } else {
                positional.add(arg);
            }
        }
        double seconds = Double.parseDouble(options.getOrDefault("duration", "20"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "4"));
        return new Workload((long) (seconds * 1e9), rate, options, positional);
    }

    /** The same options with the event rate capped at {@code maxRate} per second. */
    public Workload withMaxRate(double maxRate) {
        return new Workload(durationNanos, Math.min(rate, maxRate), options, positional);
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(options.getOrDefault(name, "false"));
    }

    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    public List<String> positional() {
        return positional;
    }

    /** Calls {@code event} with 1, 2, 3, ... at the configured rate for the configured duration, then {@link #finish()}. */
    public void run(IntConsumer event) {
        run(Integer.MAX_VALUE, event);
    }

    /** Like {@link #run(IntConsumer)} but fires at most {@code maxEvents} events; still runs for the whole duration. */
    public void run(int maxEvents, IntConsumer event) {
        long start = System.nanoTime();
        long deadline = start + durationNanos;
        if (rate > 0) {
            long period = (long) (1e9 / rate);
            for (int n = 1; n <= maxEvents; n++) {
                long due = start + (n - 1) * period;
                if (due >= deadline) {
                    break;
                }
                sleepUntil(due);
                try {
                    event.accept(n);
                } catch (RuntimeException e) {
                    System.err.println("event " + n + " failed: " + e);
                }
            }
        }
        sleepUntil(deadline);
        finish();
    }

    /** Sleeps for the whole duration (the traffic comes from elsewhere), then {@link #finish()}. */
    public void idle() {
        sleepUntil(System.nanoTime() + durationNanos);
        finish();
    }

    /** Prints {@code done} and ends the JVM, whatever threads are still alive. */
    public static void finish() {
        System.out.println("done");
        System.out.flush();
        System.exit(0);
    }

    private static void sleepUntil(long nanoTime) {
        long remaining;
        while ((remaining = nanoTime - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
