package io.threadstorm.classify;

import static io.threadstorm.classify.Category.BLOCKING_IO;
import static io.threadstorm.classify.Category.FUTURE_NEVER_COMPLETED;
import static io.threadstorm.classify.Category.LATCH_NEVER_RELEASED;
import static io.threadstorm.classify.Category.LOCK_CONTENTION;
import static io.threadstorm.classify.Category.POOL_NEVER_SHUTDOWN;
import static io.threadstorm.classify.Category.QUEUE_HANDOFF;
import static io.threadstorm.classify.Category.SLEEPING;
import static io.threadstorm.classify.Category.TIMER_NEVER_CANCELLED;
import static io.threadstorm.classify.Category.WAITING;
import static io.threadstorm.classify.WaitRule.API;
import static io.threadstorm.classify.WaitRule.CHANNEL;
import static io.threadstorm.classify.WaitRule.LOOP;
import static io.threadstorm.classify.WaitRule.PARK;

import java.util.List;

/**
 * The wait table: which frames mean which cause. It reads the JDK frames on top of a stack and the frames of
 * a few well-known libraries that wrap JDK waits (Netty, Reactor, Guava ...), whose own frames say more than
 * the JDK frames they end in.
 */
final class WaitRules {

    private static final String DELAYED_WORK_QUEUE_TAKE =
            "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take";

    static final List<WaitRule> RULES = List.of(
            // Worker loops: what the whole thread is for. A scheduled pool waiting for a task that is due later
            // is a timer nobody cancelled; one with an empty queue is just an idle pool.
            WaitRule.of(TIMER_NEVER_CANCELLED, LOOP, "java.util.Timer's TimerThread.mainLoop",
                    "java.util.TimerThread.mainLoop"),
            WaitRule.of(TIMER_NEVER_CANCELLED, LOOP, "ScheduledThreadPoolExecutor$DelayedWorkQueue.take",
                    DELAYED_WORK_QUEUE_TAKE).when(WaitRule.Timing.TIMED),
            WaitRule.of(POOL_NEVER_SHUTDOWN, LOOP, "ScheduledThreadPoolExecutor$DelayedWorkQueue.take",
                    DELAYED_WORK_QUEUE_TAKE).when(WaitRule.Timing.UNTIMED),
            WaitRule.of(POOL_NEVER_SHUTDOWN, LOOP, "ThreadPoolExecutor.getTask",
                    "java.util.concurrent.ThreadPoolExecutor.getTask"),
            WaitRule.of(POOL_NEVER_SHUTDOWN, LOOP, "ForkJoinPool.awaitWork",
                    "java.util.concurrent.ForkJoinPool.awaitWork"),
            WaitRule.of(POOL_NEVER_SHUTDOWN, LOOP, "a Netty event loop waiting for events",
                    "io.netty.util.concurrent.SingleThreadEventExecutor.takeTask",
                    "io.netty.channel.nio.NioEventLoop.run",
                    "io.netty.channel.nio.NioEventLoop.select", "io.netty.channel.epoll.EpollEventLoop.run",
                    "io.netty.channel.epoll.EpollEventLoop.epollWait*", "io.netty.channel.kqueue.KQueueEventLoop.run",
                    "io.netty.channel.kqueue.KQueueEventLoop.kqueueWait*"),
            // A blocking HTTP call waits on a future inside the client: the call is what matters
            WaitRule.of(BLOCKING_IO, LOOP, "HttpClient.send", "jdk.internal.net.http.HttpClientImpl.send"),

            // Synchronizers and futures the application chose
            WaitRule.of(FUTURE_NEVER_COMPLETED, API, null,
                    "java.util.concurrent.CompletableFuture*.*", "java.util.concurrent.FutureTask.get",
                    "java.util.concurrent.FutureTask.awaitDone", "java.util.concurrent.ForkJoinTask.get",
                    "java.util.concurrent.ForkJoinTask.join", "java.util.concurrent.ForkJoinTask.awaitDone*",
                    "java.util.concurrent.ForkJoinTask.quietlyJoin*", "java.util.concurrent.ForkJoinTask.invoke*",
                    "java.util.concurrent.ExecutorCompletionService.take",
                    "java.util.concurrent.ExecutorCompletionService.poll",
                    "java.util.concurrent.StructuredTaskScope*.join*",
                    "io.netty.util.concurrent.DefaultPromise.await*", "io.netty.util.concurrent.DefaultPromise.sync*",
                    "io.netty.util.concurrent.DefaultPromise.get",
                    "com.google.common.util.concurrent.AbstractFuture*.get",
                    "com.google.common.util.concurrent.Uninterruptibles.getUninterruptibly",
                    "reactor.core.publisher.BlockingSingleSubscriber.blockingGet", "reactor.core.publisher.Mono.block*",
                    "reactor.core.publisher.Flux.block*", "io.reactivex*.blocking*",
                    "kotlinx.coroutines.BlockingCoroutine.joinBlocking"),
            WaitRule.of(LATCH_NEVER_RELEASED, API, null,
                    "java.util.concurrent.CountDownLatch.*", "java.util.concurrent.CyclicBarrier.*",
                    "java.util.concurrent.Phaser*.*", "java.util.concurrent.Semaphore*.*",
                    "com.google.common.util.concurrent.Uninterruptibles.awaitUninterruptibly",
                    "com.google.common.util.concurrent.Uninterruptibles.tryAcquireUninterruptibly"),
            WaitRule.of(LOCK_CONTENTION, API, null,
                    "java.util.concurrent.locks.ReentrantLock*.*",
                    "java.util.concurrent.locks.ReentrantReadWriteLock*.*",
                    "java.util.concurrent.locks.StampedLock.*"),
            WaitRule.of(BLOCKING_IO, API, "WatchService.take", "sun.nio.fs.AbstractWatchService.take",
                    "sun.nio.fs.AbstractWatchService.poll"),
            WaitRule.of(WAITING, API, null, "java.lang.Thread.join", "java.lang.Process*.waitFor",
                    "java.lang.ProcessHandleImpl.waitForProcessExit0"),

            // Generic channels
            WaitRule.of(QUEUE_HANDOFF, CHANNEL, null,
                    "java.util.concurrent.LinkedBlockingQueue.*", "java.util.concurrent.ArrayBlockingQueue.*",
                    "java.util.concurrent.LinkedBlockingDeque.*", "java.util.concurrent.PriorityBlockingQueue.*",
                    "java.util.concurrent.DelayQueue.*", "java.util.concurrent.SynchronousQueue*.*",
                    "java.util.concurrent.LinkedTransferQueue*.*", "java.util.concurrent.Exchanger*.*",
                    "com.google.common.util.concurrent.Uninterruptibles.takeUninterruptibly",
                    "com.google.common.util.concurrent.Uninterruptibles.putUninterruptibly"),
            WaitRule.of(SLEEPING, CHANNEL, null, WaitPoints.SLEEP_FRAMES),
            WaitRule.of(BLOCKING_IO, CHANNEL, null,
                    "sun.nio.ch.*.*", "java.net.SocketInputStream.*", "java.net.SocketOutputStream.*",
                    "java.net.Socket*.*", "java.net.ServerSocket.*", "java.net.PlainSocketImpl.*",
                    "java.net.DualStackPlainSocketImpl.*", "java.net.TwoStacksPlainSocketImpl.*",
                    "java.net.AbstractPlainSocketImpl.*", "java.net.DatagramSocket*.*",
                    "java.net.PlainDatagramSocketImpl.*", "java.net.TwoStacksPlainDatagramSocketImpl.*",
                    "java.net.AbstractPlainDatagramSocketImpl.*", "sun.nio.fs.LinuxWatchService.*",
                    "java.io.FileInputStream.readBytes", "io.netty.channel.epoll.Native.*",
                    "io.netty.channel.kqueue.Native.*"),

            // Bare waits: the fallback
            WaitRule.of(WAITING, PARK, null, "java.lang.Object.wait*", "java.util.concurrent.locks.LockSupport.park*",
                    "jdk.internal.misc.Unsafe.park", "sun.misc.Unsafe.park", "java.lang.VirtualThread.park*",
                    "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject.await*",
                    "java.util.concurrent.locks.AbstractQueuedLongSynchronizer$ConditionObject.await*"));

    /**
     * Libraries whose frames the reading passes through to reach the application code that called them: a
     * thread waiting in {@code Mono.block()} waits at the caller of {@code block}, not inside Reactor.
     */
    static final List<String> LIBRARY_PACKAGES = List.of("io.netty.", "reactor.core.", "io.reactivex.",
            "com.google.common.util.concurrent.", "kotlinx.coroutines.", "okhttp3.", "okio.", "org.apache.kafka.",
            "com.zaxxer.hikari.", "redis.clients.jedis.", "org.apache.commons.pool2.", "io.grpc.", "io.lettuce.",
            "org.apache.http.", "org.apache.hc.", "com.mysql.", "org.postgresql.", "oracle.jdbc.", "org.mariadb.");

    private WaitRules() {
    }

    static boolean isLibrary(StackTraceElement frame) {
        String c = frame.getClassName();
        for (String p : LIBRARY_PACKAGES) {
            if (c.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The first row that matches this frame, or {@code null}. */
    static WaitRule match(StackTraceElement frame, Thread.State state) {
        for (WaitRule r : RULES) {
            if (r.matches(frame, state)) {
                return r;
            }
        }
        return null;
    }
}
