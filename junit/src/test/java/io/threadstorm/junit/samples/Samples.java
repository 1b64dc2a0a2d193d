package io.threadstorm.junit.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.junit.DetectThreadLeaks;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Test classes that leak threads, or do not, for the engine test kit to run. The lines marked {@code // site:...}
 * start the threads; the tests look them up by their marker.
 */
public final class Samples {

    private Samples() {
    }

    /** Leaks a thread blocked forever. */
    @TestKitOnly
    @DetectThreadLeaks(grace = "100ms")
    public static class ParkedThread {
        @Test
        void parksAThread() {
            Leaks.thread("sample-parked", () -> Leaks.block()).start(); // site:parked
        }
    }

    /** Starts a thread named as Testcontainers' reaper, which lives for the run: one of the shared list's. */
    @TestKitOnly
    @DetectThreadLeaks(grace = "100ms")
    public static class StartsAReaper {
        @Test
        void startsTheReaper() {
            Leaks.thread("testcontainers-ryuk", () -> Leaks.block()).start();
        }
    }

    /** Starts a thread that ends well within the default grace period. */
    @TestKitOnly
    @DetectThreadLeaks
    public static class ShortThread {
        @Test
        void startsAShortThread() {
            Leaks.thread("sample-short", () -> Leaks.sleep(300)).start();
        }
    }

    /** Uses a pool and shuts it down, as it should. */
    @TestKitOnly
    @DetectThreadLeaks
    public static class ShutDownPool {
        @Test
        void shutsItsPoolDown() throws InterruptedException {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            pool.execute(() -> Leaks.sleep(50));
            pool.execute(() -> Leaks.sleep(50));
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    /** Makes a pool and never shuts it down: its idle workers live for ever. */
    @TestKitOnly
    @DetectThreadLeaks(grace = "100ms")
    public static class LeakedPool {
        @Test
        void leaksAPool() {
            ExecutorService pool = Leaks.pool(Executors.newFixedThreadPool(2));
            for (int i = 0; i < 2; i++) {
                pool.execute(() -> { }); // site:pool
            }
        }
    }

    /** Annotates one test only: the other one is not checked. */
    @TestKitOnly
    public static class MethodOnly {
        @Test
        @DetectThreadLeaks(grace = "100ms")
        void checked() {
            Leaks.thread("sample-checked", () -> Leaks.block()).start();
        }

        @Test
        void unchecked() {
            Leaks.thread("sample-unchecked", () -> Leaks.block()).start();
        }
    }

    /** Leaks threads whose names the annotations ignore, on the class and on the method. */
    @TestKitOnly
    @DetectThreadLeaks(grace = "100ms", ignoreNames = "sample-housekeeper-\\d+")
    public static class IgnoredNames {
        @Test
        void leaksAHousekeeper() {
            Leaks.thread("sample-housekeeper-1", () -> Leaks.block()).start();
        }

        @Test
        @DetectThreadLeaks(ignoreNames = {"sample-poller", "sample-unused"})
        void leaksAPoller() {
            Leaks.thread("sample-poller", () -> Leaks.block()).start();
        }

        @Test
        void leaksAnotherThread() {
            Leaks.thread("sample-housekeeper-1x", () -> Leaks.block()).start();
        }
    }

    /** Leaks a thread whose stack the annotation ignores. */
    @TestKitOnly
    @DetectThreadLeaks(grace = "100ms", ignoreFrames = "io.threadstorm.junit.samples.Leaks.block")
    public static class IgnoredFrames {
        @Test
        void leaksABlockedThread() {
            Leaks.thread("sample-ignored-frame", () -> Leaks.block()).start();
        }
    }

    /** Starts a thread in {@code @BeforeAll} and never stops it. */
    @TestKitOnly
    @DetectThreadLeaks(grace = "100ms")
    public static class LeakInBeforeAll {
        @BeforeAll
        static void startServer() {
            Leaks.thread("sample-before-all", () -> Leaks.block()).start();
        }

        @Test
        void usesTheServer() {
        }
    }

    /** Starts a thread in {@code @BeforeAll} and stops it in {@code @AfterAll}. */
    @TestKitOnly
    @DetectThreadLeaks
    public static class StoppedInAfterAll {
        private static Thread server;

        @BeforeAll
        static void startServer() {
            server = Leaks.thread("sample-server", () -> Leaks.block());
            server.start();
        }

        @AfterAll
        static void stopServer() throws InterruptedException {
            server.interrupt();
            server.join();
        }

        @Test
        void usesTheServer() {
        }
    }

    /** Leaks a thread that ends after one second: the grace period decides. */
    @TestKitOnly
    @DetectThreadLeaks
    public static class SlowThread {
        @Test
        void startsASlowThread() {
            Leaks.thread("sample-slow", () -> Leaks.sleep(1000)).start();
        }
    }

    /** Leaks a thread without the annotation: only auto-detection checks it. */
    @TestKitOnly
    public static class Unannotated {
        @Test
        void parksAThread() {
            Leaks.thread("sample-unannotated", () -> Leaks.block()).start();
        }
    }

    /** Nested tests: the enclosing class's annotation applies, its ignores too. */
    @TestKitOnly
    @DetectThreadLeaks(grace = "100ms", ignoreNames = "sample-outer-ignored")
    public static class Outer {
        @Nested
        class Inner {
            @Test
            void leaksAnIgnoredThread() {
                Leaks.thread("sample-outer-ignored", () -> Leaks.block()).start();
            }

            @Test
            void leaksAThread() {
                Leaks.thread("sample-nested", () -> Leaks.block()).start();
            }
        }
    }

    /** Leaks a virtual thread blocked forever (JDK 21+); only the agent sees virtual threads. */
    @TestKitOnly
    @DetectThreadLeaks(grace = "100ms")
    public static class ParkedVirtualThread {
        @Test
        void parksAVirtualThread() throws ReflectiveOperationException {
            Thread t = Leaks.virtualThread("sample-virtual", () -> Leaks.block());
            t.start(); // site:virtual
        }
    }
}
