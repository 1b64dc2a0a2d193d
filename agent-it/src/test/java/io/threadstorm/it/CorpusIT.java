package io.threadstorm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library corpus ({@code corpus} module): for each popular library that starts threads, a service that misuses
 * it is reported at its line with a cause an expert accepts, within 10 s; the same library used correctly under
 * load, warm-up included, for 15 s, is never reported. The agent was built without seeing these libraries' names:
 * the rules are shapes (pools that serve, threads that never end, threads a library call started).
 */
class CorpusIT {

    static final Path CORPUS = Path.of(System.getProperty("it.corpusJar", "../corpus/target/threadstorm-corpus.jar"))
            .toAbsolutePath().normalize();
    static final Path CORPUS_SOURCES = Path.of(System.getProperty("it.corpusSources", "../corpus/src/main/java"))
            .toAbsolutePath().normalize();
    /** The corpus jar and its libraries, as a class path. */
    static final Path CLASS_PATH = Path.of(CORPUS + java.io.File.pathSeparator + CORPUS.resolveSibling("lib")
            .resolve("*"));

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    /** The misuse, the causes an expert accepts for it, and the correct use of the same library. */
    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of("reactor.SchedulerPerCall", Set.of("POOL_NEVER_SHUTDOWN"), "reactor.SharedElasticLookups"),
                Arguments.of("netty.EventLoopGroupPerCall", Set.of("BLOCKING_IO", "POOL_NEVER_SHUTDOWN"),
                        "netty.SharedEventLoopGroup"),
                Arguments.of("kafka.ProducerPerCall", Set.of("BLOCKING_IO"), "kafka.SharedProducer"),
                Arguments.of("quartz.SchedulerPerCall", Set.of("POOL_NEVER_SHUTDOWN"), "quartz.SharedScheduler"),
                Arguments.of("httpclient5.AsyncClientPerCall", Set.of("BLOCKING_IO", "POOL_NEVER_SHUTDOWN"),
                        "httpclient5.SharedAsyncClient"),
                Arguments.of("jetty.HttpClientPerCall", Set.of("POOL_NEVER_SHUTDOWN", "TIMER_NEVER_CANCELLED"),
                        "jetty.SharedHttpClient"),
                Arguments.of("okhttp.ClientPerCall", Set.of("POOL_NEVER_SHUTDOWN"), "okhttp.SharedClient"),
                Arguments.of("vertx.VertxPerCall", Set.of("BLOCKING_IO", "TIMER_NEVER_CANCELLED"), "vertx.SharedVertx"),
                Arguments.of("hikari.DataSourcePerCall", Set.of("POOL_NEVER_SHUTDOWN", "TIMER_NEVER_CANCELLED"),
                        "hikari.SharedDataSource"),
                Arguments.of("spring.TaskSchedulerPerCall", Set.of("TIMER_NEVER_CANCELLED"),
                        "spring.SharedTaskScheduler"),
                Arguments.of("elasticsearch.RestClientPerCall", Set.of("BLOCKING_IO"),
                        "elasticsearch.SharedRestClient"),
                Arguments.of("rxjava.IntervalNeverDisposed", Set.of("TIMER_NEVER_CANCELLED"),
                        "rxjava.SharedIoScheduler"));
    }

    static Stream<Arguments> misuses() {
        return pairs().map(a -> Arguments.of(a.get()[0], a.get()[1]));
    }

    static Stream<Arguments> correctUses() {
        return pairs().map(a -> Arguments.of(a.get()[2]));
    }

    @ParameterizedTest(name = "{0} is reported as {1}")
    @MethodSource("misuses")
    void misuseIsReportedAtItsLine(String example, Set<String> causes) throws Exception {
        String mainClass = "io.threadstorm.corpus." + example;
        Path source = CORPUS_SOURCES.resolve(mainClass.replace('.', '/') + ".java");
        List<Integer> lines = markedLines(source);
        String file = source.getFileName().toString();

        ForkedJvm.Result r = ForkedJvm.run(dir, LeakIT.OPTIONS, CLASS_PATH, mainClass, 90, LeakIT.DURATION);
        assertEquals(0, r.exitCode(), r.stderr());
        List<Path> surges = Reports.withTrigger(r.reportDir(), "surge");
        assertFalse(surges.isEmpty(), "no surge report; stderr:\n" + r.stderr());
        JsonNode first = Reports.readValid(surges.get(0));
        assertTrue(first.get("jvm").get("uptimeSeconds").asDouble() <= 10.0,
                "first surge report came at " + first.get("jvm").get("uptimeSeconds") + " s of uptime");
        for (Path report : surges) {
            JsonNode top = Reports.readValid(report).get("suspects").get(0);
            String frame = top.get("site").get("frame").asText();
            assertTrue(frame.startsWith(mainClass + "."), report + ": " + frame);
            assertTrue(lines.stream().anyMatch(l -> frame.endsWith("(" + file + ":" + l + ")")),
                    report + ": top suspect at " + frame + ", expected one of lines " + lines);
            JsonNode cause = top.get("cause");
            assertTrue(causes.contains(cause.get("category").asText()), report + ": " + cause);
            assertTrue(cause.get("confidence").asDouble() > 0.5, cause.toString());
            assertTrue(cause.get("fix").asText().contains(file + ":"), "the fix names the line: " + cause);
        }
    }

    @ParameterizedTest(name = "{0} is never reported")
    @MethodSource("correctUses")
    void correctUseUnderLoadIsNeverReported(String example) throws Exception {
        ForkedJvm.Result r = ForkedJvm.run(dir, LeakIT.OPTIONS, CLASS_PATH, "io.threadstorm.corpus." + example, 90,
                "--duration=15");
        assertEquals(0, r.exitCode(), r.stderr());
        Matcher m = HealthyServerIT.POOL_THREADS.matcher(r.stdout());
        assertTrue(m.find(), "no thread count on stdout:\n" + r.stdout() + "\nstderr:\n" + r.stderr());
        assertTrue(Integer.parseInt(m.group(1)) >= HealthyServerIT.MIN_POOL_THREADS,
                "too few threads to test the rule: " + m.group());
        List<Path> reports = Reports.reportFiles(r.reportDir());
        assertFalse(reports.isEmpty(), "the exit report is written");
        for (Path report : reports) {
            JsonNode suspects = Reports.readValid(report).get("suspects");
            assertEquals(0, suspects.size(), report + " names a suspect: " + suspects);
        }
        assertFalse(r.stderr().contains("surge report"), r.stderr());
    }

    /** The lines marked {@code // threadstorm:leak-site}: any of them may name the site. */
    static List<Integer> markedLines(Path source) throws Exception {
        List<String> all = Files.readAllLines(source);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).contains("// threadstorm:leak-site")) {
                out.add(i + 1);
            }
        }
        Assumptions.assumeFalse(out.isEmpty(), "no marker in " + source);
        return out;
    }
}
