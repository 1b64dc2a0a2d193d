package io.threadstorm.classify;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads where a thread waits: skips the JDK's parking, waiting, sleeping and I/O machinery on top of its stack,
 * names the blocking primitive below it and the first application frame; and tells whether a thread is stuck,
 * including {@code RUNNABLE} threads parked in a native wait that uses no CPU (socket reads, accepts, selectors).
 *
 * <p>All matching is on class and method names, so it holds for JDK 17 through 25 and for thread dumps, whose
 * frames carry no line-stable information.
 */
public final class WaitPoints {

    /**
     * Frames that only implement waiting; the primitive a thread waits in is below them. JDK 17 parks through
     * {@code ConditionNode.block} and {@code ForkJoinPool.managedBlock}; 21+ adds the virtual-thread path
     * ({@code VirtualThread.park}, {@code System$1.parkVirtualThread}); 25 sleeps in {@code Thread.sleepNanos0}
     * and waits in {@code Object.wait0}.
     */
    static final FramePatterns MACHINERY = FramePatterns.of(
            "jdk.internal.misc.Unsafe.park", "sun.misc.Unsafe.park",
            "java.util.concurrent.locks.LockSupport.*",
            "java.util.concurrent.locks.AbstractQueuedSynchronizer*.*",
            "java.util.concurrent.locks.AbstractQueuedLongSynchronizer*.*",
            "java.util.concurrent.ForkJoinPool.managedBlock", "java.util.concurrent.ForkJoinPool.unmanagedBlock",
            "java.util.concurrent.ForkJoinPool.compensatedBlock",
            "java.lang.Object.wait*", "java.lang.Thread.sleep*",
            "java.lang.VirtualThread.park*", "java.lang.VirtualThread.yield*", "java.lang.VirtualThread.sleep*",
            "java.lang.VirtualThread.doSleep*", "java.lang.System$*.park*", "jdk.internal.vm.Continuation.*",
            "jdk.internal.misc.Blocker.*", "jdk.internal.misc.VirtualThreads.*",
            // socket, selector and pipe plumbing: the primitive is the stream, channel or selector call below
            "sun.nio.ch.Net.*", "sun.nio.ch.EPoll.*", "sun.nio.ch.KQueue.*", "sun.nio.ch.WEPoll.*",
            "sun.nio.ch.Poller*.*", "sun.nio.ch.IOUtil.*", "sun.nio.ch.SocketDispatcher.*",
            "sun.nio.ch.DatagramDispatcher.*", "sun.nio.ch.FileDispatcherImpl.*", "sun.nio.ch.UnixFileDispatcherImpl.*",
            "sun.nio.ch.NioSocketImpl*.*", "sun.nio.ch.EPollSelectorImpl.*", "sun.nio.ch.KQueueSelectorImpl.*",
            "sun.nio.ch.WEPollSelectorImpl.*", "sun.nio.ch.PollSelectorImpl.*", "sun.nio.ch.WindowsSelectorImpl*.*",
            "sun.nio.ch.SelectorImpl.lockAndDoSelect",
            "java.net.SocketInputStream.socketRead*", "java.net.SocketOutputStream.socketWrite*",
            "java.net.PlainSocketImpl.*", "java.net.DualStackPlainSocketImpl.*",
            "java.net.TwoStacksPlainSocketImpl.*", "java.net.AbstractPlainSocketImpl.*",
            "java.io.FileInputStream.readBytes");

    /**
     * Native frames in which a {@code RUNNABLE} thread sleeps in the kernel: it waits for a peer and uses no CPU.
     * The JVM reports these threads {@code RUNNABLE}, so states alone would call them busy.
     */
    /** A selector's wait: the thread multiplexes many channels, an event loop of its own. */
    static final FramePatterns SELECTOR = FramePatterns.of("sun.nio.ch.SelectorImpl.lockAndDoSelect",
            "sun.nio.ch.SelectorImpl.select*", "io.netty.channel.epoll.Native.epollWait*",
            "io.netty.channel.kqueue.Native.keventWait*");

    /**
     * True when the thread waits in a selector (an event loop: NIO servers and clients, Netty, Kafka, HTTP clients),
     * as opposed to one socket's read or accept.
     */
    public static boolean isSelecting(List<StackTraceElement> stack) {
        for (int i = 0; i < Math.min(8, stack.size()); i++) {
            if (SELECTOR.matches(stack.get(i))) {
                return true;
            }
        }
        return false;
    }

    static final FramePatterns IDLE_NATIVE = FramePatterns.of(
            // JDK 13+ NIO sockets (java.net.Socket too): blocking read/write/accept/connect, and poll with a timeout
            "sun.nio.ch.Net.poll*", "sun.nio.ch.Net.accept*", "sun.nio.ch.Net.connect*", "sun.nio.ch.Net.pollConnect*",
            "sun.nio.ch.SocketDispatcher.read*", "sun.nio.ch.SocketDispatcher.write*",
            "sun.nio.ch.DatagramDispatcher.read*", "sun.nio.ch.DatagramChannelImpl.receive0",
            "sun.nio.ch.ServerSocketChannelImpl.accept0",
            // selectors (NIO servers and clients, HttpClient, Kafka, Netty's NIO transport), async channel ports
            "sun.nio.ch.EPoll.wait", "sun.nio.ch.KQueue.poll", "sun.nio.ch.KQueue.keventPoll", "sun.nio.ch.WEPoll.wait",
            "sun.nio.ch.PollSelectorImpl.poll", "sun.nio.ch.WindowsSelectorImpl$SubSelector.poll0",
            "sun.nio.ch.DevPollArrayWrapper.poll0", "sun.nio.ch.Iocp.getQueuedCompletionStatus",
            // JDK 8/11 plain sockets, as older dumps show them
            "java.net.SocketInputStream.socketRead0", "java.net.SocketOutputStream.socketWrite0",
            "java.net.PlainSocketImpl.socketAccept", "java.net.PlainSocketImpl.accept0",
            "java.net.PlainSocketImpl.socketConnect", "java.net.PlainSocketImpl.connect0",
            "java.net.DualStackPlainSocketImpl.accept0", "java.net.DualStackPlainSocketImpl.connect0",
            "java.net.DualStackPlainSocketImpl.waitForConnect",
            "java.net.DualStackPlainSocketImpl.waitForNewConnection",
            "java.net.PlainDatagramSocketImpl.receive0", "java.net.PlainDatagramSocketImpl.peekData",
            "java.net.TwoStacksPlainDatagramSocketImpl.receive0",
            // file-system watch services, child processes, the reference handler
            "sun.nio.fs.LinuxWatchService.poll", "java.lang.ProcessHandleImpl.waitForProcessExit0",
            "java.lang.ref.Reference.waitForReferencePendingList",
            // Netty's native transports wait outside the JDK
            "io.netty.channel.epoll.Native.epollWait*", "io.netty.channel.epoll.Native.epollBusyWait*",
            "io.netty.channel.kqueue.Native.keventWait*");

    /** Frames that sleep: the SLEEPING rule of the classifier and the sampler's progress check read the same. */
    static final String[] SLEEP_FRAMES = {"java.lang.Thread.sleep*", "java.lang.VirtualThread.sleep*",
        "java.lang.VirtualThread.doSleep*", "java.util.concurrent.TimeUnit.sleep",
        "com.google.common.util.concurrent.Uninterruptibles.sleepUninterruptibly"};

    static final FramePatterns SLEEP = FramePatterns.of(SLEEP_FRAMES);

    /** Where a JDK pool's worker fetches its next task: a worker waiting there has nothing to do. */
    static final FramePatterns TASK_FETCH = FramePatterns.of(
            "java.util.concurrent.ThreadPoolExecutor.getTask", "java.util.concurrent.ForkJoinPool.awaitWork",
            "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take");

    /** The root of a {@code ThreadPoolExecutor} worker: below it no frame can be a task fetch. */
    static final FramePatterns WORKER_ROOT = FramePatterns.of("java.util.concurrent.ThreadPoolExecutor$Worker.run");

    /** A native frame that has not moved and used less than this share of a core is waiting, whatever it is. */
    static final double IDLE_CPU_SHARE = 0.02;

    /** A spinning thread uses at least this share of the CPU it could get. */
    static final double SPIN_SHARE_OF_FAIR = 0.5;

    /** Below this share of a core, a thread at the same frames is not called spinning, however many compete. */
    static final double SPIN_FLOOR = 0.05;

    private WaitPoints() {
    }

    /** Where the thread with this stack (top first) waits. */
    public static WaitPoint of(List<StackTraceElement> stack) {
        List<StackTraceElement> machinery = new ArrayList<>();
        List<StackTraceElement> primitives = new ArrayList<>();
        int i = 0;
        for (; i < stack.size() && JdkFrames.isJdk(stack.get(i)); i++) {
            StackTraceElement e = stack.get(i);
            (MACHINERY.matches(e) ? machinery : primitives).add(e);
        }
        // a lambda or method reference of the application ends the JDK's part but names no line to open: the
        // application frame is the next real one (none for `new Thread(queue::take)`)
        StackTraceElement app = null;
        for (; i < stack.size() && app == null; i++) {
            StackTraceElement e = stack.get(i);
            if (!JdkFrames.isHidden(e) && !JdkFrames.isJdk(e)) {
                app = e;
            }
        }
        return new WaitPoint(machinery, primitives, app);
    }

    /**
     * True when the thread does not make progress on its own: {@code BLOCKED}, {@code WAITING},
     * {@code TIMED_WAITING}; or {@code RUNNABLE} in an idle native wait ({@link #isIdleNativeWait}); or
     * {@code RUNNABLE} in any other native frame that the sampler saw unchanged while it used almost no CPU
     * (a pipe or stdin read, a JNI call that waits). File reads are not idle waits by their stack alone: a disk
     * read is work, and JDK 17 shows a process pipe read with the same frames as a file read.
     */
    public static boolean isStuck(ThreadSample sample) {
        return stuck(sample);
    }

    /**
     * The one rule by which a thread is judged: true when it is not doing work, because it is stuck ({@link #isStuck})
     * or spins ({@link #isSpinning}) among {@code competing} runnable threads. The sampler weighs a site's threads by
     * it and the classifier reads a thread's cause only when it holds.
     */
    public static boolean notRunning(ThreadSample sample, int competing) {
        return isStuck(sample) || isSpinning(sample, competing);
    }

    private static boolean stuck(ThreadSample sample) {
        return switch (sample.state()) {
            case BLOCKED, WAITING, TIMED_WAITING -> true;
            case RUNNABLE -> isIdleNativeWait(sample.stack()) || idleInNative(sample);
            default -> false;
        };
    }

    /** True when the thread sleeps: one of its top frames is a sleep ({@code Thread.sleep}, {@code TimeUnit.sleep}). */
    public static boolean isSleeping(List<StackTraceElement> stack) {
        for (int i = 0; i < Math.min(8, stack.size()); i++) {
            if (SLEEP.matches(stack.get(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the stack is a JDK pool worker waiting for its next task with no task of its own running: its
     * wait is on a task-fetching frame ({@code ThreadPoolExecutor.getTask}, {@code ForkJoinPool.awaitWork}, a
     * scheduled pool's queue) and not inside a task.
     */
    public static boolean isIdlePoolWorker(List<StackTraceElement> stack) {
        for (StackTraceElement e : stack) {
            if (TASK_FETCH.matches(e)) {
                return true;
            }
            if (WORKER_ROOT.matches(e)) {
                return false; // reached the worker's root without passing a task-fetching frame
            }
        }
        return false;
    }

    /**
     * True when the top frame is a native wait that uses no CPU: a socket read, write, accept or connect, a
     * selector or poller wait ({@code EPoll.wait}, {@code Net.poll}), a datagram receive, a watch-service poll,
     * waiting for a child process to exit.
     */
    public static boolean isIdleNativeWait(List<StackTraceElement> stack) {
        return !stack.isEmpty() && IDLE_NATIVE.matches(stack.get(0));
    }

    /**
     * True when a {@code RUNNABLE} thread, not in a wait, stayed at the same frames since the previous sample while
     * using at least half of the CPU it could get ({@link #spinShare}). With more runnable threads than cores each
     * gets less than a core: twelve threads spinning on two cores get a sixth of a core each and still count.
     *
     * @param competing runnable threads of the site competing for the cores (at least the thread itself)
     */
    public static boolean isSpinning(ThreadSample sample, int competing) {
        return sample.state() == Thread.State.RUNNABLE && sample.stackUnchanged() && !isStuck(sample)
                && sample.cpuShare() >= spinShare(competing);
    }

    /**
     * The CPU share from which a thread at the same frames is spinning: half of what it could get, that is of
     * {@code cores / (competing + system load average)} capped at one core, and never below 5%. The load average
     * stands for the rest of the host (other processes, other sites), which the site's own count cannot see.
     */
    public static double spinShare(int competing) {
        double load = Math.max(0, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        double fair = Math.min(1.0, Runtime.getRuntime().availableProcessors() / (Math.max(1, competing) + load));
        return Math.max(SPIN_FLOOR, SPIN_SHARE_OF_FAIR * fair);
    }

    /** True for a frame of the JDK (by module, else by package). */
    public static boolean isJdk(StackTraceElement frame) {
        return JdkFrames.isJdk(frame);
    }

    private static boolean idleInNative(ThreadSample s) {
        return !s.stack().isEmpty() && s.stack().get(0).isNativeMethod() && s.stackUnchanged()
                && s.cpuShare() >= 0 && s.cpuShare() < IDLE_CPU_SHARE;
    }
}
