package io.threadstorm.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reentrancy guard of thread starts: the agent's own starts (inside {@code untracked}) are never recorded. */
class RecorderTest {

    private final TestSink sink = new TestSink();
    private final List<Thread> started = sink.started;
    private final List<Runnable> created = sink.created;

    @AfterEach
    void off() {
        Recorder.install(null, 1024);
        Recorder.virtualTasksNeeded(true);
    }

    /** Once the agent reads a virtual thread's task from the thread, the constructor's hook stops calling it. */
    @Test
    void virtualThreadTasksReachTheSinkOnlyWhileItNeedsThem() {
        Recorder.install(sink, 1024);
        Thread thread = new Thread(() -> { });
        Runnable first = () -> { };
        Runnable second = () -> { };
        Recorder.virtualThreadCreated(thread, first);
        Recorder.virtualTasksNeeded(false);
        Recorder.virtualThreadCreated(thread, second);
        assertEquals(List.of(first), created);
    }

    @Test
    void startsInsideAnUntrackedSectionAreNotRecordedAndOthersAre() throws Exception {
        Recorder.install(sink, 1024);
        Thread mine = new Thread(() -> { });
        Thread theirs = new Thread(() -> { });
        Thread outside = new Thread(() -> { });
        Thread[] meanwhile = new Thread[1];
        Recorder.untracked(() -> {
            Recorder.threadStarted(mine);
            Recorder.untracked(() -> Recorder.threadStarted(mine)); // nested: still the agent's
            // another thread's start while this one is inside a section is the application's
            meanwhile[0] = new Thread(() -> Recorder.threadStarted(theirs));
            meanwhile[0].start();
            try {
                meanwhile[0].join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            Recorder.threadStarted(mine);
        });
        Recorder.threadStarted(outside);
        assertEquals(List.of(theirs, outside), started);
    }

    @Test
    void aSectionThatThrowsIsClosedAndStartUntrackedIsOne() throws Exception {
        Recorder.install(sink, 1024);
        try {
            Recorder.untracked(() -> {
                throw new IllegalStateException("the agent's work failed");
            });
        } catch (IllegalStateException expected) {
            // the section is closed all the same
        }
        Thread after = new Thread(() -> { });
        Recorder.threadStarted(after);
        Thread own = new Thread(() -> { }) {
            @Override
            public synchronized void start() {
                Recorder.threadStarted(this); // as the hook in Thread.start does
                super.start();
            }
        };
        Recorder.startUntracked(own);
        own.join();
        assertEquals(List.of(after), started);
    }
}
