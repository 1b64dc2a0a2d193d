package io.threadstorm.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Threads waiting on the network: RUNNABLE in a native wait on platform threads, parked on virtual ones. */
class NetworkWaitsTest {

    private static final String TEST = NetworkWaitsTest.class.getSimpleName();
    private final Classifier classifier = new Classifier();

    @Test
    void clientsBlockedInASocketReadWithoutTimeout() throws Exception {
        try (TestThreads live = new TestThreads()) {
            List<Thread> readers = readers(live, 3, false);

            List<ThreadSample> samples = live.measure(readers, 100);
            Cause cause = classifier.classify(SiteFacts.unknown("platform", null, 3), samples);

            ClassifierTest.assertWellFormed(cause);
            assertEquals(Category.BLOCKING_IO, cause.category(), cause.toString());
            assertTrue(cause.waitingAt().contains(TEST + ".readOneByte"), cause.waitingAt());
            assertTrue(cause.evidence().get(0).startsWith("3 of 3 example threads wait for I/O in"
                    + " Socket$SocketInputStream.read at "), cause.evidence().get(0));
            assertTrue(cause.evidence().get(0).contains("(RUNNABLE in a native wait that uses no CPU)"));
            assertTrue(cause.fix().contains("setSoTimeout") && cause.fix().contains(TEST + ".readOneByte"),
                    cause.fix());
            assertTrue(cause.confidence() >= 0.8, cause.toString());
        }
    }

    @Test
    void aReadWithATimeoutIsNotToldToSetOne() throws Exception {
        try (TestThreads live = new TestThreads()) {
            List<Thread> readers = readers(live, 3, false, 600_000);

            List<ThreadSample> samples = live.measure(readers, 100);
            Cause cause = classifier.classify(SiteFacts.unknown("platform", null, 3), samples);

            assertEquals(Category.BLOCKING_IO, cause.category(), cause.toString());
            assertTrue(cause.fix().startsWith("The socket call at ") && cause.fix().contains(TEST + ".readOneByte")
                    && cause.fix().contains("already has a timeout"), cause.fix());
        }
    }

    @Test
    void serversBlockedInAccept() throws Exception {
        try (TestThreads live = new TestThreads()) {
            List<Thread> acceptors = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ServerSocket server = live.closeLater(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
                acceptors.add(live.start("acceptor-" + i, () -> acceptOne(server)));
            }
            for (Thread t : acceptors) {
                TestThreads.awaitIdleNative(t);
            }

            Cause cause = classifier.classify(SiteFacts.unknown("platform", null, 2), live.samples(acceptors));

            assertEquals(Category.BLOCKING_IO, cause.category(), cause.toString());
            assertTrue(cause.evidence().get(0).contains("ServerSocket.accept"), cause.evidence().get(0));
            assertTrue(cause.fix().contains("accept") && cause.fix().contains(TEST + ".acceptOne"), cause.fix());
        }
    }

    @Test
    void selectorLoopsThatNobodyCloses() throws Exception {
        try (TestThreads live = new TestThreads()) {
            List<Thread> loops = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Selector selector = live.closeLater(Selector.open());
                loops.add(live.start("selector-" + i, () -> selectForever(selector)));
            }
            for (Thread t : loops) {
                TestThreads.awaitIdleNative(t);
            }

            Cause cause = classifier.classify(SiteFacts.unknown("platform", null, 2), live.samples(loops));

            assertEquals(Category.BLOCKING_IO, cause.category(), cause.toString());
            assertTrue(cause.evidence().get(0).contains("SelectorImpl.select"), cause.evidence().get(0));
            assertTrue(cause.fix().startsWith("Close the selector or client whose event loop waits at")
                    && cause.fix().contains(TEST + ".selectForever"), cause.fix());
        }
    }

    @Test
    void virtualThreadsParkedInASocketReadOrAQueue() throws Exception {
        try (TestThreads live = new TestThreads()) {
            Assumptions.assumeTrue(live.startVirtual(() -> { }) != null, "virtual threads need JDK 21+");
            List<Thread> readers = readers(live, 2, true);
            List<Thread> takers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                takers.add(live.startVirtual(() -> new LinkedBlockingQueue<>().take()));
            }
            for (Thread t : takers) {
                TestThreads.awaitIn(t, "java.util.concurrent.LinkedBlockingQueue.take", Thread.State.WAITING);
            }

            Cause io = classifier.classify(SiteFacts.unknown("virtual", null, 2), live.samples(readers));
            Cause queue = classifier.classify(SiteFacts.unknown("virtual", null, 2), live.samples(takers));

            assertEquals(Category.BLOCKING_IO, io.category(), io.toString());
            assertTrue(io.waitingAt().contains(TEST + ".readOneByte"), io.waitingAt());
            assertEquals(Category.QUEUE_HANDOFF, queue.category(), queue.toString());
            assertTrue(queue.waitingAt().contains(TEST + ".lambda$"), queue.waitingAt());
        }
    }

    @Test
    void anHttpClientPerCallLeavesASelectorThreadEach() throws Exception {
        try (TestThreads live = new TestThreads()) {
            String createdAt = null;
            List<HttpClient> clients = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                createdAt = TestThreads.here();
                clients.add(HttpClient.newHttpClient());
            }
            List<Thread> selectors = selectorThreadsOf(clients.size());
            for (Thread t : selectors) {
                live.track(t);
                TestThreads.awaitIdleNative(t);
            }
            live.onClose(() -> closeAll(clients));
            SiteFacts facts = new SiteFacts("platform", createdAt, 2, 0, 0, null, 0, 0, null, -1, List.of());

            Cause cause = classifier.classify(facts, live.samples(selectors));

            assertEquals(Category.BLOCKING_IO, cause.category(), cause.toString());
            assertTrue(cause.waitingAt().startsWith("sun.nio.ch.SelectorImpl.select("), cause.waitingAt());
            assertTrue(cause.fix().startsWith("Close the client or selector whose thread is started at " + createdAt),
                    cause.fix());
            assertTrue(cause.fix().contains("With java.net.http.HttpClient, build one client and reuse it"),
                    cause.fix());
        }
    }

    /** The selector threads of the clients just built: HttpClient names them HttpClient-N-SelectorManager. */
    private static List<Thread> selectorThreadsOf(int clients) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<Thread> found = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().matches("HttpClient-\\d+-SelectorManager") && t.isAlive()) {
                    found.add(t);
                }
            }
            if (found.size() >= clients) {
                found.sort(java.util.Comparator.comparingLong(Thread::getId));
                return found.subList(found.size() - clients, found.size());
            }
            Thread.yield();
        }
        throw new AssertionError("no HttpClient selector threads");
    }

    /**
     * JDK 21+ closes a client with {@code close()}; JDK 17 ends its selector thread only once the client is
     * unreachable, so the references are dropped and the garbage collector asked to run.
     */
    private static void closeAll(List<HttpClient> clients) throws Exception {
        for (HttpClient c : clients) {
            if (c instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        clients.clear();
        System.gc();
    }

    /** {@code n} clients connected to a local server that never writes, each blocked reading one byte. */
    private static List<Thread> readers(TestThreads live, int n, boolean virtual) throws Exception {
        return readers(live, n, virtual, 0);
    }

    /** The same, with a read timeout ({@code SO_TIMEOUT}) of {@code timeoutMillis} when not 0. */
    private static List<Thread> readers(TestThreads live, int n, boolean virtual, int timeoutMillis)
            throws Exception {
        ServerSocket server = live.closeLater(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket client = live.closeLater(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            client.setSoTimeout(timeoutMillis);
            live.closeLater(server.accept());
            InputStream in = client.getInputStream();
            readers.add(virtual ? live.startVirtual(() -> readOneByte(in)) : live.start("reader-" + i,
                    () -> readOneByte(in)));
        }
        for (Thread t : readers) {
            if (virtual) {
                TestThreads.awaitIn(t, "java.net.Socket$SocketInputStream.read", Thread.State.WAITING);
            } else {
                TestThreads.awaitIdleNative(t);
            }
        }
        return readers;
    }

    private static int readOneByte(InputStream in) throws Exception {
        return in.read();
    }

    private static void acceptOne(ServerSocket server) throws Exception {
        server.accept().close();
    }

    private static void selectForever(Selector selector) throws Exception {
        while (!Thread.currentThread().isInterrupted() && selector.isOpen()) {
            selector.select();
        }
    }
}
