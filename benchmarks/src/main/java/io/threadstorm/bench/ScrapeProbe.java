package io.threadstorm.bench;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The scrape row's process, run with the agent and its endpoint on a given port
 * ({@code -javaagent:threadstorm-agent.jar=http=PORT,interval=1s}): parks one platform thread at each of
 * {@code sites} distinct creation sites (a site is its first application frame and two callers; each of three methods
 * below calls on at one of 22 places), waits for two samples, then times {@code reps} scrapes of {@code /metrics}
 * over loopback. Prints one {@code RESULT} line: median and p99 scrape time, bytes, and the agent's own mean sample time.
 *
 * <p>Arguments: {@code port sites reps} such as {@code 9405 10000 200}.
 */
public final class ScrapeProbe {

    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private ScrapeProbe() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int sites = Integer.parseInt(args[1]);
        int reps = Integer.parseInt(args[2]);
        for (int i = 0; i < sites; i++) {
            outer(i / (22 * 22) % 22, i / 22 % 22, i % 22, "probe-" + i);
        }
        Thread.sleep(3000);
        long[] nanos = new long[reps];
        String body = "";
        for (int i = -20; i < reps; i++) {
            long t = System.nanoTime();
            body = get(port);
            if (i >= 0) {
                nanos[i] = System.nanoTime() - t;
            }
        }
        Arrays.sort(nanos);
        double sum = value(body, "threadstorm_sample_duration_seconds_sum");
        double count = value(body, "threadstorm_sample_duration_seconds_count");
        System.out.printf(Locale.ROOT, "RESULT sites=%d scrape_median_ms=%.3f scrape_p99_ms=%.3f bytes=%d"
                + " sample_mean_ms=%.1f%n", sites, nanos[reps / 2] / 1e6, nanos[reps * 99 / 100] / 1e6,
                body.getBytes(StandardCharsets.UTF_8).length, 1000 * sum / count);
        System.exit(0);
    }

    private static double value(String body, String name) {
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        return Double.NaN;
    }

    private static String get(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write("GET /metrics HTTP/1.1\r\nHost: probe\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            return text.substring(text.indexOf("\r\n\r\n") + 4);
        }
    }

    /** A named task class: every start is walked (a lambda would name its site from its first start). */
    private static final class Parker implements Runnable {
        @Override
        public void run() {
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void outer(int a, int b, int c, String name) {
        switch (a) {
            case 0 -> middle(b, c, name);
            case 1 -> middle(b, c, name);
            case 2 -> middle(b, c, name);
            case 3 -> middle(b, c, name);
            case 4 -> middle(b, c, name);
            case 5 -> middle(b, c, name);
            case 6 -> middle(b, c, name);
            case 7 -> middle(b, c, name);
            case 8 -> middle(b, c, name);
            case 9 -> middle(b, c, name);
            case 10 -> middle(b, c, name);
            case 11 -> middle(b, c, name);
            case 12 -> middle(b, c, name);
            case 13 -> middle(b, c, name);
            case 14 -> middle(b, c, name);
            case 15 -> middle(b, c, name);
            case 16 -> middle(b, c, name);
            case 17 -> middle(b, c, name);
            case 18 -> middle(b, c, name);
            case 19 -> middle(b, c, name);
            case 20 -> middle(b, c, name);
            case 21 -> middle(b, c, name);
            default -> throw new IllegalArgumentException(String.valueOf(a));
        }
    }

    private static void middle(int b, int c, String name) {
        switch (b) {
            case 0 -> inner(c, name);
            case 1 -> inner(c, name);
            case 2 -> inner(c, name);
            case 3 -> inner(c, name);
            case 4 -> inner(c, name);
            case 5 -> inner(c, name);
            case 6 -> inner(c, name);
            case 7 -> inner(c, name);
            case 8 -> inner(c, name);
            case 9 -> inner(c, name);
            case 10 -> inner(c, name);
            case 11 -> inner(c, name);
            case 12 -> inner(c, name);
            case 13 -> inner(c, name);
            case 14 -> inner(c, name);
            case 15 -> inner(c, name);
            case 16 -> inner(c, name);
            case 17 -> inner(c, name);
            case 18 -> inner(c, name);
            case 19 -> inner(c, name);
            case 20 -> inner(c, name);
            case 21 -> inner(c, name);
            default -> throw new IllegalArgumentException(String.valueOf(b));
        }
    }

    private static void inner(int c, String name) {
        Thread t = new Thread(new Parker(), name);
        t.setDaemon(true);
        switch (c) {
            case 0 -> t.start();
            case 1 -> t.start();
            case 2 -> t.start();
            case 3 -> t.start();
            case 4 -> t.start();
            case 5 -> t.start();
            case 6 -> t.start();
            case 7 -> t.start();
            case 8 -> t.start();
            case 9 -> t.start();
            case 10 -> t.start();
            case 11 -> t.start();
            case 12 -> t.start();
            case 13 -> t.start();
            case 14 -> t.start();
            case 15 -> t.start();
            case 16 -> t.start();
            case 17 -> t.start();
            case 18 -> t.start();
            case 19 -> t.start();
            case 20 -> t.start();
            case 21 -> t.start();
            default -> throw new IllegalArgumentException(String.valueOf(c));
        }
    }
}
