package io.threadstorm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsMatchTheContract() {
        Options o = Options.defaults();
        assertEquals(Path.of("./threadstorm-reports"), o.reportDir());
        assertEquals(Duration.ofSeconds(5), o.interval());
        assertEquals(6, o.window());
        assertEquals(10, o.minThreads());
        assertEquals(0.67, o.blockedRatio());
        assertEquals(Duration.ofSeconds(90), o.minAge());
        assertTrue(o.appPackages().isEmpty());
        assertTrue(o.stackDepth() >= 24);
        assertTrue(o.reportOnExit());
        assertEquals("", o.http());
        assertEquals(10_000, o.maxSites());
        assertEquals(2.0, o.surgeFactor());
        assertEquals(Duration.ofMinutes(5), o.reportCooldown());
        assertEquals(100, o.maxReports());
        assertNull(o.ignoreThreads());
    }

    @Test
    void agentArgumentsWinOverPropertiesOverEnvironment() {
        Options o = Options.parse("interval=250ms", props("threadstorm.interval", "1s", "threadstorm.window", "3"),
                Map.of("THREADSTORM_INTERVAL", "2s", "THREADSTORM_WINDOW", "4", "THREADSTORM_MIN_AGE", "1s"));
        assertEquals(Duration.ofMillis(250), o.interval());
        assertEquals(3, o.window());
        assertEquals(Duration.ofSeconds(1), o.minAge());
    }

    @Test
    void listsNeedNoQuotingInAgentArguments() {
        Options o = Options.parse("appPackages=com.acme,org.example,minThreads=3", new Properties(), Map.of());
        assertEquals(List.of("com.acme", "org.example"), o.appPackages());
        assertEquals(3, o.minThreads());
        assertEquals(List.of("com.acme", "org.example"),
                Options.parse(null, props("threadstorm.appPackages", "com.acme;org.example"), Map.of()).appPackages());
    }

    @Test
    void unknownKeyNamesTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse("intervall=5s", new Properties(), Map.of()));
        assertTrue(e.getMessage().contains("'intervall'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(null, props("threadstorm.bogus", "1"), Map.of()));
        assertTrue(e.getMessage().contains("threadstorm.bogus"), e.getMessage());
    }

    @Test
    void malformedValuesNameKeyAndExpectedForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse("interval=5", new Properties(), Map.of()));
        assertEquals("option 'interval' has value '5'; expected a duration such as 250ms, 5s or 2m", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Options.parse("blockedRatio=1.5", new Properties(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("minThreads=-1", new Properties(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("ignoreThreads=[", new Properties(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("http=nohost", new Properties(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("reportOnExit=yes", new Properties(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Options.parse("justaword", new Properties(), Map.of()));
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aBarePortBindsToLoopback() {
        assertEquals("127.0.0.1:9405", Options.parse("http=9405", new Properties(), Map.of()).http());
        assertEquals("0.0.0.0:9405", Options.parse("http=0.0.0.0:9405", new Properties(), Map.of()).http());
        assertEquals("", Options.parse("http=off", new Properties(), Map.of()).http());
    }

    @Test
    void environmentNamesAreUpperSnakeCase() {
        assertEquals("REPORT_DIR", Options.toEnvName("reportDir"));
        assertEquals("MIN_THREADS", Options.toEnvName("minThreads"));
        assertEquals("HTTP", Options.toEnvName("http"));
    }

    @Test
    void appPackagesAreGuessedFromTheMainClassButNotFromLaunchers() {
        assertEquals(List.of("com.acme.shop"), AppPackages.infer("com.acme.shop.Main --port 8080"));
        assertEquals(List.of(), AppPackages.infer("org.apache.maven.surefire.booter.ForkedBooter /tmp/x 1"));
        assertEquals(List.of(), AppPackages.infer("org.openjdk.jmh.runner.ForkedMain 127.0.0.1 40123"),
                "a JMH fork runs the benchmarks, not the runner");
        assertEquals(List.of(), AppPackages.infer("Main"));
        assertEquals(List.of(), AppPackages.infer(null));
        assertEquals(List.of("com.acme"), AppPackages.infer("app.module/com.acme.Main"));
    }

    @Test
    void anEmptyReportDirIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse("reportDir=", new Properties(), Map.of()));
        assertEquals("option 'reportDir' has value ''; expected a directory path", e.getMessage());
    }

    @Test
    void reportBytesAndExitTimeout() {
        Options o = Options.defaults();
        assertEquals(64L << 20, o.maxReportBytes());
        assertEquals(Duration.ofMillis(500), o.exitReportTimeout());
        Options set = Options.parse("maxReportBytes=512k,exitReportTimeout=2s", new Properties(), Map.of());
        assertEquals(512L << 10, set.maxReportBytes());
        assertEquals(Duration.ofSeconds(2), set.exitReportTimeout());
        assertEquals(1L << 30, Options.parse("maxReportBytes=1G", new Properties(), Map.of()).maxReportBytes());
        for (String bad : List.of("63k", "100", "5mb", "-1m")) {
            assertThrows(IllegalArgumentException.class,
                    () -> Options.parse("maxReportBytes=" + bad, new Properties(), Map.of()), bad);
        }
    }

    @Test
    void heapSizesAndNameListsKeepTheirForms() {
        assertEquals("2048m", Options.parse("heapProofMaxHeap=2g", new Properties(), Map.of()).heapProofMaxHeap());
        assertEquals("512m", Options.parse("heapProofMaxHeap=512M", new Properties(), Map.of()).heapProofMaxHeap());
        for (String bad : List.of("63m", "65g", "512", "m", "1.5g", "512mb", "1234567m")) {
            assertThrows(IllegalArgumentException.class,
                    () -> Options.parse("heapProofMaxHeap=" + bad, new Properties(), Map.of()), bad);
        }
        assertEquals(List.of("com.acme$Inner", "org.x_y.z1"),
                Options.parse("ignoreFrames=com.acme$Inner; org.x_y.z1;", new Properties(), Map.of()).ignoreFrames());
        for (String bad : List.of("com.acme/x", "com acme", "com.acme*", "com.äcme")) {
            assertThrows(IllegalArgumentException.class,
                    () -> Options.parse("appPackages=" + bad, new Properties(), Map.of()), bad);
        }
    }
}
