package io.threadstorm.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of the hint table is found from the library's frames on a waiting thread's stack and from the library
 * call that started the threads, and no earlier row claims it; threads of no known library get no hint.
 */
class LibraryHintsTest {

    static Stream<Arguments> rows() {
        return IntStream.range(0, LibraryHints.HINTS.size()).mapToObj(i -> Arguments.of(i,
                LibraryHints.HINTS.get(i).packages().get(0)));
    }

    private static ThreadSample waitingIn(String className) {
        List<StackTraceElement> stack = List.of(
                new StackTraceElement("java.lang.Object", "wait", null, -2),
                new StackTraceElement(className, "await", "Lib.java", 10),
                new StackTraceElement("java.lang.Thread", "run", "Thread.java", 840));
        return new ThreadSample(1, "worker", Thread.State.WAITING, true, false, 10, stack, null, -1, null, 0, true);
    }

    private static SiteReading reading(ThreadSample s, String libraryCall) {
        SiteFacts facts = new SiteFacts("platform", "com.acme.App.handle(App.java:7)", 12, 0, 0, null, 0, 0, null, -1,
                List.of(), libraryCall);
        return SiteReading.vote(List.of(WaitReading.of(s)), facts);
    }

    @ParameterizedTest(name = "row {0}: {1}")
    @MethodSource("rows")
    void eachRowIsFoundByItsFramesAndByTheLibraryCall(int row, String pkg) {
        String advice = LibraryHints.HINTS.get(row).advice();
        String cls = pkg + "internal.Loop";
        assertEquals(advice, LibraryHints.adviceFor(reading(waitingIn(cls), null)), "by frames");
        assertEquals(advice, LibraryHints.adviceFor(reading(waitingIn("com.acme.Own"), cls + ".start")),
                "by the library call");
    }

    /** A dump cannot tell who started a thread, but one that runs only a known library's code is that library's. */
    @Test
    void inADumpIdleThreadsRunningOnlyALibrarysCodeAreItsWorkers() {
        ThreadSample worker = waitingIn("org.quartz.simpl.SimpleThreadPool$WorkerThread");
        List<StackTraceElement> appStack = new java.util.ArrayList<>(worker.stack());
        appStack.add(2, new StackTraceElement("com.acme.Imports", "await", "Imports.java", 40));
        ThreadSample app = new ThreadSample(2, "importer", Thread.State.WAITING, true, false, 10, appStack, null, -1,
                null, 0, true);
        Classifier classifier = new Classifier();

        Cause library = classifier.classify(SiteFacts.unknown("dump", null, 12), List.of(worker, worker));
        Cause own = classifier.classify(SiteFacts.unknown("dump", null, 12), List.of(app, app));

        assertEquals(Category.POOL_NEVER_SHUTDOWN, library.category(), library.toString());
        assertEquals(Category.WAITING, own.category(), own.toString());
    }

    @Test
    void threadsOfNoKnownLibraryGetNoHint() {
        assertNull(LibraryHints.adviceFor(reading(waitingIn("com.acme.Own"), null)));
        assertNull(LibraryHints.adviceFor(reading(waitingIn("com.acme.Own"), "com.acme.lib.Pool.start")));
    }
}
