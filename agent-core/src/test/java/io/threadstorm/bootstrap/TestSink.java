package io.threadstorm.bootstrap;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A sink for tests of {@link Recorder}: notes the starts, virtual-thread tasks and future creations let through. */
public class TestSink implements Sink {

    public final List<Thread> started = new CopyOnWriteArrayList<>();
    public final List<Runnable> created = new CopyOnWriteArrayList<>();
    public final AtomicLong futures = new AtomicLong();

    @Override
    public void threadStarted(Thread thread) {
        started.add(thread);
    }

    @Override
    public void threadEnded(Thread thread) {
    }

    @Override
    public void virtualThreadCreated(Thread thread, Runnable task) {
        created.add(task);
    }

    @Override
    public void executorCreated(Object executor) {
    }

    @Override
    public void executorShutdown(Object executor) {
    }

    @Override
    public void taskSubmitted(Object executor) {
    }

    @Override
    public void futureCreated(Object future) {
        futures.incrementAndGet();
    }

    @Override
    public void futureAwaited(Object future) {
    }
}
