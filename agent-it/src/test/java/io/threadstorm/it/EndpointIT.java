package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live endpoint under load, slow clients, a taken port and an application that interrupts every thread. */
class EndpointIT {

    private static final String APP = "io.threadstorm.it.apps.FleetApp";

    @TempDir
    Path dir;

    @Test
    void siteSeriesStayAtTopSitesPlusOneWithThousandsOfSites() throws Exception {
        int sites = 3000;
        int top = 7;
        try (LiveJvm jvm = LiveJvm.start(dir, "http=0,interval=250ms,metricsTopSites=" + top, List.of("-Xss256k"),
                ForkedJvm.TEST_CLASSES.toString(), APP, "sites", String.valueOf(sites))) {
            String address = jvm.address();
            jvm.awaitStdout("ready");
            List<ExpositionGrammar.Sample> samples = List.of();
            for (int i = 0; i < 100; i++) {
                samples = ExpositionGrammar.parse(LiveJvm.get(address, "/metrics").body(), false);
                if (MetricsIT.value(samples, "threadstorm_site_threads_live", "site=\"other\"") >= sites - top) {
                    break;
                }
                Thread.sleep(200);
            }
            for (String metric : List.of("threadstorm_site_threads_live", "threadstorm_site_threads_started_total",
                    "threadstorm_site_threads_ended_total")) {
                long series = samples.stream().filter(s -> s.name().equals(metric)).count();
                assertEquals(top + 1, series, metric);
            }
            assertTrue(MetricsIT.value(samples, "threadstorm_site_threads_live", "site=\"other\"") >= sites - top);
            assertTrue(MetricsIT.value(samples, "threadstorm_site_threads_started_total", "site=\"other\"")
                    >= sites - top);
            assertTrue(samples.size() < 100, "a scrape stays small: " + samples.size() + " samples");
        }
    }

    @Test
    void aSecondJvmOnTheSamePortRunsOnWithOneLine() throws Exception {
        try (LiveJvm first = LiveJvm.start(dir.resolve("first"), "http=0", List.of(),
                ForkedJvm.TEST_CLASSES.toString(), APP)) {
            String address = first.address();
            String port = address.substring(address.indexOf(':') + 1);
            ForkedJvm.Result second = ForkedJvm.run(dir.resolve("second"), "http=" + port, ForkedJvm.TEST_CLASSES, APP,
                    60, "for", "1");
            assertEquals(0, second.exitCode(), second.stderr());
            assertTrue(second.stdout().contains("ready"), second.stdout());
            List<String> lines = second.stderr().lines().filter(l -> l.contains("live endpoint")).toList();
            assertEquals(1, lines.size(), second.stderr());
            assertTrue(lines.get(0).contains("not started on 127.0.0.1:" + port), lines.get(0));
            assertTrue(second.stderr().lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace");
            assertEquals(200, LiveJvm.get(address, "/metrics").status(), "the first JVM still serves");
        }
    }

    @Test
    void slowClientsDoNotBlockANormalRequestAndAreCutAtTheDeadline() throws Exception {
        try (LiveJvm jvm = LiveJvm.start(dir, "http=0", List.of(), ForkedJvm.TEST_CLASSES.toString(), APP)) {
            String address = jvm.address();
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket s = connect(address);
                    s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: slow".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    slow.add(s);
                }
                slow.add(connect(address)); // one that sends nothing at all
                Thread.sleep(300);
                LiveJvm.Answer a = LiveJvm.get(address, "/metrics");
                assertEquals(200, a.status());
                assertTrue(a.body().contains("threadstorm_threads_live"), a.body());
                for (Socket s : slow) {
                    // still waiting for their requests: the normal one was served beside them, not after them
                    s.setSoTimeout(1);
                    assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
                }
                for (Socket s : slow) {
                    s.setSoTimeout(20_000);
                    String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertTrue(answer.startsWith("HTTP/1.1 408 "), "cut at the request deadline: " + answer);
                }
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void connectionsAreCapped() throws Exception {
        try (LiveJvm jvm = LiveJvm.start(dir, "http=0", List.of(), ForkedJvm.TEST_CLASSES.toString(), APP)) {
            String address = jvm.address();
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 16; i++) {
                    idle.add(connect(address));
                }
                Thread.sleep(500);
                assertEquals(503, LiveJvm.get(address, "/metrics").status(), "past 16 open connections");
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
            int status = 0;
            for (int i = 0; i < 50 && status != 200; i++) {
                Thread.sleep(100);
                status = LiveJvm.get(address, "/metrics").status();
            }
            assertEquals(200, status, "served again once the idle connections closed");
        }
    }

    @Test
    void interruptedEndpointThreadsDoNotSpinAndStillAnswer() throws Exception {
        Path tasks = Path.of("/proc/self/task");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(tasks), "reads thread CPU from /proc");
        try (LiveJvm jvm = LiveJvm.start(dir, "http=0", List.of(), ForkedJvm.TEST_CLASSES.toString(), APP,
                "interrupt")) {
            String address = jvm.address();
            jvm.awaitStdout("ready");
            assertEquals(200, LiveJvm.get(address, "/metrics").status()); // the workers exist and are interrupted too
            Thread.sleep(1000);
            long before = endpointTicks(jvm.pid());
            Thread.sleep(3000);
            long used = endpointTicks(jvm.pid()) - before;
            // a spinning thread uses about 300 ticks in 3 s; an idle one none
            assertTrue(used < 60, "the endpoint's threads used " + used + " ticks in 3 s while interrupted");
            for (int i = 0; i < 5; i++) {
                assertEquals(200, LiveJvm.get(address, "/threads?format=text").status());
                assertEquals(200, LiveJvm.get(address, "/metrics").status());
            }
            assertTrue(endpointThreads(jvm.pid()) >= 1, "the acceptor is alive");
        }
    }

    private static Socket connect(String address) throws Exception {
        int colon = address.lastIndexOf(':');
        Socket s = new Socket();
        s.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                5000);
        return s;
    }

    /** User and system clock ticks of the threads named threadstorm-http* (their names are cut at 15 characters). */
    private static long endpointTicks(long pid) throws Exception {
        long ticks = 0;
        for (String stat : endpointStats(pid)) {
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return ticks;
    }

    private static int endpointThreads(long pid) throws Exception {
        return endpointStats(pid).size();
    }

    private static List<String> endpointStats(long pid) throws Exception {
        List<String> out = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try (InputStream in = Files.newInputStream(t.resolve("stat"))) {
                    String stat = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                    if (stat.contains("(threadstorm-htt")) {
                        out.add(stat);
                    }
                } catch (java.io.IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return out;
    }
}
