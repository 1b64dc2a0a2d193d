package io.threadstorm.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SafeThreadsTest {

    /** Overrides everything it can, badly. */
    static final class Hostile extends Thread {
        private final CountDownLatch release;

        Hostile(CountDownLatch release) {
            super("hostile");
            this.release = release;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public State getState() {
            return null;
        }

        @Override
        @SuppressWarnings("deprecation")
        public long getId() {
            throw new UnsupportedOperationException("no id");
        }

        @Override
        public StackTraceElement[] getStackTrace() {
            throw new IllegalStateException("no stack");
        }
    }

    @Test
    void readsWhatTheJvmKnowsOfAThreadThatOverridesItsGetters() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Hostile t = new Hostile(release);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (SafeThreads.state(t) != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(Thread.State.WAITING, SafeThreads.state(t));
        long id = SafeThreads.id(t);
        assertTrue(id > 0, "id " + id);
        StackTraceElement[] stack = SafeThreads.stack(t);
        assertTrue(stack.length > 0 && java.util.Arrays.stream(stack).anyMatch(
                e -> e.getMethodName().equals("run") && e.getClassName().endsWith("Hostile")),
                java.util.Arrays.toString(stack));
        release.countDown();
        t.join();
        assertEquals(Thread.State.TERMINATED, SafeThreads.state(t));
    }

    @Test
    @SuppressWarnings("deprecation")
    void plainThreadsAreReadDirectly() {
        Thread t = new Thread(() -> { });
        assertEquals(t.getId(), SafeThreads.id(t));
        assertEquals(Thread.State.NEW, SafeThreads.state(t));
    }

    @Test
    void loneSurrogatesAreReplacedAndPairsKept() {
        assertEquals("bad\uFFFDname", SafeThreads.text("bad\uD800name"));
        assertEquals("end\uFFFD", SafeThreads.text("end\uDC00"));
        assertEquals("\uFFFD\uFFFD", SafeThreads.text("\uDC00\uD800"));
        String pair = "emoji \uD83D\uDE00 ok";
        assertSame(pair, SafeThreads.text(pair));
        assertSame("plain", SafeThreads.text("plain"));
        assertEquals("", SafeThreads.text(null));
    }
}
