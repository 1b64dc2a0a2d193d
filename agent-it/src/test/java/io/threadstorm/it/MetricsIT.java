package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** /metrics, /threads and the exact paths of a leaking application's live endpoint. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {

    private static final String APP = "io.threadstorm.it.apps.FleetApp";
    private static final Path SOURCE = Path.of("src/test/java/io/threadstorm/it/apps/FleetApp.java");
    static final int LEAKS = 40;

    @TempDir
    static Path dir;
    private LiveJvm jvm;
    private String address;
    private String leakFrame;
    private String whileSuspect = "";

    @BeforeAll
    void start() throws Exception {
        jvm = LiveJvm.start(dir.resolve("leak"), "http=0,interval=250ms,minAge=1s", List.of(),
                ForkedJvm.TEST_CLASSES.toString(), APP, "leak", String.valueOf(LEAKS));
        address = jvm.address();
        jvm.awaitStdout("ready");
        leakFrame = "io.threadstorm.it.apps.FleetApp.leak(FleetApp.java:" + ForkedJvm.lineOf(SOURCE, "// site:fleet-leak")
                + ")";
        // the leak is a suspect while it grows (the rule wants growth over the window): catch a scrape then
        for (int i = 0; i < 200; i++) {
            String m = metrics();
            if (m.contains("threadstorm_suspects{category=\"LATCH_NEVER_RELEASED\"} 1")) {
                whileSuspect = m;
                break;
            }
            Thread.sleep(50);
        }
        jvm.awaitStdout("leaked " + LEAKS);
        // a scrape reads the last sample: on a busy machine it may lag the application by a few intervals
        for (int i = 0; i < 200; i++) {
            List<ExpositionGrammar.Sample> now = ExpositionGrammar.parse(metrics(), false);
            if (now.stream().anyMatch(s -> s.name().equals("threadstorm_site_threads_live")
                    && s.labels().contains(leakFrame) && s.value() >= LEAKS)) {
                break;
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    void stop() throws Exception {
        jvm.close();
    }

    private String metrics() throws Exception {
        return LiveJvm.get(address, "/metrics").body();
    }

    @Test
    void defaultBindIsLoopback() throws Exception {
        assertTrue(address.startsWith("127.0.0.1:"), address);
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (var a : java.util.Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof java.net.Inet4Address) {
                    try (var s = new java.net.Socket()) {
                        s.connect(new java.net.InetSocketAddress(a, port), 2000);
                        throw new AssertionError("the endpoint answers on " + a);
                    } catch (java.net.ConnectException expected) {
                        // refused: bound to loopback only
                    }
                }
            }
        }
    }

    @Test
    void prometheusTextParsesAndShowsTheLeakingSite() throws Exception {
        LiveJvm.Answer a = LiveJvm.get(address, "/metrics");
        // the surge report is written right after the sample that found the suspect was published
        for (int i = 0; i < 100 && a.body().contains("threadstorm_reports_written_total{trigger=\"surge\"} 0"); i++) {
            Thread.sleep(100);
            a = LiveJvm.get(address, "/metrics");
        }
        assertEquals(200, a.status());
        assertTrue(a.head().contains("content-type: text/plain; version=0.0.4"), a.head());
        List<ExpositionGrammar.Sample> samples = ExpositionGrammar.parse(a.body(), false);
        double live = value(samples, "threadstorm_site_threads_live", leakFrame);
        assertTrue(live >= LEAKS && live > 10, "the leaking site's series is above minThreads: " + live + "\n" + a.body());
        assertTrue(value(samples, "threadstorm_site_threads_started_total", leakFrame) >= LEAKS, a.body());
        assertEquals(0, value(samples, "threadstorm_site_threads_ended_total", leakFrame), a.body());
        assertTrue(value(samples, "threadstorm_threads_live", "kind=\"platform\"") > LEAKS, a.body());
        assertTrue(value(samples, "threadstorm_reports_written_total", "trigger=\"surge\"") >= 1, a.body());
        assertTrue(value(samples, "threadstorm_sample_duration_seconds_count", "") > 0, a.body());
        assertTrue(samples.stream().noneMatch(s -> s.labels().contains("fleet-leak-")), "no thread names in labels");
    }

    @Test
    void suspectsCountTheLeakByCategoryWhileItHoldsTheRule() {
        List<ExpositionGrammar.Sample> samples = ExpositionGrammar.parse(whileSuspect, false);
        assertEquals(1, value(samples, "threadstorm_suspects", "category=\"LATCH_NEVER_RELEASED\""), whileSuspect);
        assertEquals(1, samples.stream().filter(s -> s.name().equals("threadstorm_suspects"))
                .mapToDouble(ExpositionGrammar.Sample::value).sum(), whileSuspect);
    }

    @Test
    void openMetricsWhenAsked() throws Exception {
        LiveJvm.Answer a = LiveJvm.get(address, "/metrics",
                "Accept: application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertEquals(200, a.status());
        assertTrue(a.head().contains("content-type: application/openmetrics-text"), a.head());
        assertTrue(a.body().endsWith("# EOF\n"), a.body());
        List<ExpositionGrammar.Sample> samples = ExpositionGrammar.parse(a.body(), true);
        assertTrue(value(samples, "threadstorm_site_threads_live", leakFrame) >= LEAKS, a.body());
        assertTrue(value(samples, "threadstorm_site_threads_started_total", leakFrame) >= LEAKS, a.body());
    }

    @Test
    void everyMetricOfTheDashboardAndTheRulesIsServed() throws Exception {
        Set<String> served = ExpositionGrammar.parse(metrics(), false).stream().map(ExpositionGrammar.Sample::name)
                .collect(Collectors.toSet());
        Set<String> used = new TreeSet<>();
        Pattern name = Pattern.compile("threadstorm_[a-z_]+");
        for (Path file : List.of(Path.of("../deploy/grafana/threadstorm-dashboard.json"),
                Path.of("../deploy/prometheus/threadstorm-rules.yml"))) {
            String text = Files.readString(file);
            for (String line : text.split("\n")) {
                if (line.contains("expr") || line.contains("query") || line.contains("definition")
                        || line.trim().startsWith("threadstorm_") || line.trim().startsWith("sum ")
                        || line.trim().startsWith(">") || line.trim().startsWith("and")) {
                    Matcher m = name.matcher(line);
                    while (m.find()) {
                        used.add(m.group());
                    }
                }
            }
        }
        assertTrue(used.size() >= 8, "the dashboard and rules use the metrics: " + used);
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(served);
        assertEquals(Set.of(), missing, "used by the dashboard or rules but not served");
    }

    @Test
    void threadsTextNamesEachLeakedThreadsCreationSite() throws Exception {
        LiveJvm.Answer a = LiveJvm.get(address, "/threads?format=text");
        assertEquals(200, a.status());
        String[] blocks = a.body().split("\n\n");
        int leaked = 0;
        for (String b : blocks) {
            if (b.startsWith("\"fleet-leak-")) {
                leaked++;
                assertTrue(b.contains("\tcreated at " + leakFrame + " by \"main\" (id "), b);
                assertTrue(b.matches("(?s).*\\), [0-9.hms]+ ago\n\tsite [0-9a-f]{16} \\(platform\\).*"), b);
            }
            assertTrue(!b.startsWith("\"threadstorm-"), "the agent's own threads are not listed");
        }
        assertEquals(LEAKS, leaked, a.body());

        LiveJvm.Answer g = LiveJvm.get(address, "/threads?format=text&group=site");
        assertEquals(200, g.status());
        String first = g.body().split("\n\n")[1];
        assertTrue(first.startsWith(LEAKS + " threads created at " + leakFrame + " (site "), g.body());
        assertTrue(first.contains("states WAITING=" + LEAKS), first);
        assertTrue(first.contains("\nexample:\n\"fleet-leak-"), first);
    }

    @Test
    void pathsMatchExactlyAndOnlyGetIsServed() throws Exception {
        assertTrue(LiveJvm.get(address, "/threads").body().contains("\"schema\" : \"threadstorm.snapshot/v1\""));
        assertTrue(LiveJvm.get(address, "/snapshot").body().contains("\"schema\" : \"threadstorm.snapshot/v1\""));
        for (String path : List.of("/snapshotx", "/snapshot/extra", "/snapshot/../../etc/passwd", "/metrics/",
                "/threadsx", "/etc/passwd", "/%2e%2e/snapshot")) {
            LiveJvm.Answer a = LiveJvm.get(address, path);
            assertEquals(404, a.status(), path);
            assertTrue(!a.body().contains("threadstorm.snapshot/v1"), path);
        }
        for (String method : List.of("POST", "PUT", "DELETE", "HEAD")) {
            LiveJvm.Answer a = LiveJvm.request(address, method, "/metrics");
            assertEquals(405, a.status(), method);
            assertTrue(a.head().contains("allow: get"), a.head());
        }
        assertEquals(400, LiveJvm.get(address, "/threads?format=xml").status());
    }

    /** The value of the one sample of {@code metric} whose labels contain {@code labelPart}. */
    static double value(List<ExpositionGrammar.Sample> samples, String metric, String labelPart) {
        List<ExpositionGrammar.Sample> found = samples.stream()
                .filter(s -> s.name().equals(metric) && s.labels().contains(labelPart)).toList();
        assertEquals(1, found.size(), metric + " " + labelPart + ": " + found);
        return found.get(0).value();
    }
}
