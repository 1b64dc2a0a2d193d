package io.threadstorm.instrument;

import io.threadstorm.bootstrap.Recorder;
import net.bytebuddy.asm.Advice;

/**
 * The advice inlined into JDK classes. Each piece is a line or two that hands the event to {@link Recorder}
 * (bootstrap-visible, JDK types only); hot paths ({@code execute}, future creation) first draw a sample so
 * that unsampled calls cost one random number.
 */
final class Advices {

    private Advices() {
    }

    /** {@code Thread.start()}, {@code Thread.start(ThreadContainer)}, {@code VirtualThread.start(ThreadContainer)}. */
    static final class ThreadStart {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Thread thread) {
            Recorder.threadStarted(thread);
        }
    }

    /** Constructors of executors and {@code java.util.Timer}. */
    static final class Created {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object executor) {
            Recorder.executorCreated(executor);
        }
    }

    /** {@code shutdown}, {@code shutdownNow}, {@code close}, {@code Timer.cancel}. */
    static final class Shutdown {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object executor) {
            Recorder.executorShutdown(executor);
        }
    }

    /** Task submission funnels: sampled. */
    static final class Submit {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object executor, @Advice.Argument(0) Object task) {
            if (Recorder.sampled()) {
                Recorder.taskSubmitted(executor, task);
            }
        }
    }

    /** {@code ThreadPoolExecutor.addWorker}: the worker thread it starts belongs to this pool. */
    static final class AddWorker {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object pool) {
            Recorder.addingWorker(pool);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit() {
            Recorder.workerAdded();
        }
    }

    /** {@code new CompletableFuture()}: sampled; dependent stages are told apart by the tracker. */
    static final class FutureConstructed {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object future) {
            if (Recorder.sampled()) {
                Recorder.futureCreated(future);
            }
        }
    }

    /** {@code supplyAsync}/{@code runAsync} (their shared private stages): sampled. */
    static final class FutureAsync {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Return Object future) {
            if (Recorder.sampled()) {
                Recorder.futureCreated(future);
            }
        }
    }

    /** The blocking part of {@code get}/{@code join}: remembers which future the thread waits for. */
    static final class FutureAwait {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object future) {
            Recorder.futureAwaited(future);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit() {
            Recorder.futureAwaited(null);
        }
    }
}
