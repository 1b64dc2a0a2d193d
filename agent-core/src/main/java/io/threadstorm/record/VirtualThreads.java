package io.threadstorm.record;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What the JDK (21+) itself knows about its virtual threads, read so that the agent need not keep its own record of
 * each one: the task a virtual thread runs, and every live virtual thread, from the JDK's thread containers (the
 * root container tracks every virtual thread unless {@code -Djdk.trackAllThreads=false}; a per-task executor or a
 * structured scope tracks its own). With both, a virtual-thread start whose site the task's class already tells
 * costs one count, and the sampler finds the thread later in the containers ({@link LiveThreads}); the JDK's own
 * container is then the only registry a start writes to.
 *
 * <p>The JDK's internals move between releases: each piece is looked up by name and type once, and when one is
 * missing (JDK 17, a future JDK, {@code jdk.trackAllThreads=false}) this reads nothing and every start is recorded
 * as before.
 */
final class VirtualThreads {

    /** Nothing is read: JDK 17, or internals not found. */
    static final VirtualThreads NONE = new VirtualThreads(false, false, null, null, null, null);

    /** The fields to a thread's task were found; whether they read it is told by {@link #verify}. */
    private final boolean tasksFound;
    /** The JDK's root container tracks every virtual thread. */
    private final boolean tracking;
    /** {@link #verify}'s verdict: 0 not yet, 1 the task reads back, -1 it does not. Written once (idempotent). */
    private volatile int verified;
    private final MethodHandle root;
    private final MethodHandle children;
    private final MethodHandle threads;
    private final MethodHandle threadCount;

    private VirtualThreads(boolean tasksFound, boolean tracking, MethodHandle root, MethodHandle children,
                           MethodHandle threads, MethodHandle threadCount) {
        this.tasksFound = tasksFound;
        this.tracking = tracking;
        this.root = root;
        this.children = children;
        this.threads = threads;
        this.threadCount = threadCount;
    }

    /**
     * Opens {@code java.lang} and {@code jdk.internal.vm} to the agent's own module and finds the pieces; {@link #NONE}
     * when the JDK has no virtual threads or any piece is missing. Never throws.
     */
    static VirtualThreads open(Instrumentation inst) {
        Class<?> containers = JdkClasses.find("jdk.internal.vm.ThreadContainers");
        Class<?> container = JdkClasses.find("jdk.internal.vm.ThreadContainer");
        if (JdkClasses.VIRTUAL_THREAD == null || containers == null || container == null) {
            return NONE;
        }
        try {
            JdkClasses.open(inst, "java.lang", "jdk.internal.vm");
            boolean tasks = Fields.TASK != null;
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(containers, MethodHandles.lookup());
            boolean tracking = (boolean) lookup.findStatic(containers, "trackAllThreads",
                    MethodType.methodType(boolean.class)).invoke();
            MethodHandle root = lookup.findStatic(containers, "root", MethodType.methodType(container));
            MethodHandle children = lookup.findVirtual(container, "children", MethodType.methodType(Stream.class));
            MethodHandle threads = lookup.findVirtual(container, "threads", MethodType.methodType(Stream.class));
            MethodHandle count = lookup.findVirtual(container, "threadCount", MethodType.methodType(long.class));
            return new VirtualThreads(tasks, tracking, root, children, threads, count);
        } catch (Throwable e) {
            return NONE;
        }
    }

    /** True while {@link #verify} has not yet had a thread to test the fields on. */
    boolean unverified() {
        return verified == 0 && tasksFound;
    }

    /**
     * The self-test, on the first virtual thread the application makes ({@code made}, just constructed for
     * {@code task}): the fields must give that task back, so that a JDK whose internals differ while the names match
     * is not read wrongly (every start would then walk its stack). Run on the application's first virtual thread
     * rather than on one the agent makes at start-up: making one initializes {@code VirtualThread} and its scheduler,
     * a fork-join pool, on the start-up of every application, virtual threads or not. Does nothing once it has run.
     */
    void verify(Thread made, Object task) {
        if (unverified()) {
            verified = task(made) == task ? 1 : -1;
        }
    }

    /** True when {@link #task} reads a virtual thread's task ({@link #verify}). */
    boolean readsTasks() {
        return verified > 0;
    }

    /**
     * True when every live virtual thread can be found in the JDK's containers ({@link #forEach}) and its task read:
     * a start need not be recorded to be seen.
     */
    boolean enumerable() {
        return verified > 0 && tracking;
    }

    /** True when {@link #enumerable} may become true, once {@link #verify} passed. */
    boolean mayEnumerate() {
        return tasksFound && tracking;
    }

    /**
     * The task virtual thread {@code thread} was made to run (as handed to its constructor, so possibly an
     * executor's wrapper), or {@code null}. Three field reads, constant-folded by the JIT. Never throws.
     */
    static Object task(Thread thread) {
        if (Fields.TASK == null) {
            return null;
        }
        try {
            Object cont = Fields.CONT.get(thread);
            Object target = cont == null ? null : Fields.TARGET.get(cont);
            return target != null && target.getClass() == Fields.WRAPPER ? Fields.TASK.get(target) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * How many threads the JDK's containers count (the root and all below it; the root counts the platform threads
     * too): at least as many as {@link #forEach} would hand over, counted without listing them. {@code -1} when they
     * cannot be read. Never throws.
     */
    long count() {
        if (!enumerable()) {
            return -1;
        }
        try {
            long n = 0;
            for (Object c : containers()) {
                n += (long) threadCount.invoke(c);
            }
            return n;
        } catch (Throwable e) {
            return -1;
        }
    }

    /** The JDK's thread containers: the root and every one below it (per-task executors, structured scopes). */
    @SuppressWarnings("unchecked")
    private java.util.List<Object> containers() throws Throwable {
        java.util.List<Object> all = new java.util.ArrayList<>();
        all.add(root.invoke());
        for (int i = 0; i < all.size(); i++) {
            try (Stream<Object> s = (Stream<Object>) children.invoke(all.get(i))) {
                for (Iterator<Object> it = s.iterator(); it.hasNext(); ) {
                    all.add(it.next());
                }
            }
        }
        return all;
    }

    /**
     * Hands every live virtual thread in the JDK's thread containers to {@code each} (the root container and all
     * containers below it: per-task executors, structured scopes); false when the containers could not be read (the
     * threads handed over until then may be only some). Runs on the sampler's thread; a thread may start or end while
     * this runs. Never throws.
     */
    @SuppressWarnings("unchecked")
    boolean forEach(Consumer<Thread> each) {
        if (!enumerable()) {
            return false;
        }
        try {
            for (Object c : containers()) {
                try (Stream<Thread> s = (Stream<Thread>) threads.invoke(c)) {
                    for (Iterator<Thread> it = s.iterator(); it.hasNext(); ) {
                        Thread t = it.next();
                        if (t != null && t.getClass() == JdkClasses.VIRTUAL_THREAD) {
                            each.accept(t);
                        }
                    }
                }
            }
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * The fields from a virtual thread to its task ({@code VirtualThread.cont}, {@code Continuation.target}, the
     * wrapper's captured {@code Runnable}), in static finals so that the JIT folds them into plain loads. Initialized
     * on first use, which {@link #open} makes after opening the packages; all {@code null} when any is missing.
     */
    private static final class Fields {
        static final VarHandle CONT;
        static final VarHandle TARGET;
        static final Class<?> WRAPPER;
        static final VarHandle TASK;

        static {
            VarHandle cont = null;
            VarHandle target = null;
            Class<?> wrapper = null;
            VarHandle task = null;
            try {
                Class<?> virtual = Class.forName("java.lang.VirtualThread", false, null);
                Class<?> continuation = Class.forName("jdk.internal.vm.Continuation", false, null);
                MethodHandles.Lookup us = MethodHandles.lookup();
                cont = MethodHandles.privateLookupIn(virtual, us).findVarHandle(virtual, "cont", continuation);
                target = MethodHandles.privateLookupIn(continuation, us).findVarHandle(continuation, "target",
                        Runnable.class);
                // VThreadContinuation wraps the task in an anonymous Runnable that captures it
                wrapper = Class.forName("java.lang.VirtualThread$VThreadContinuation$1", false, null);
                Field captured = null;
                for (Field f : wrapper.getDeclaredFields()) {
                    if (f.getType() == Runnable.class && !Modifier.isStatic(f.getModifiers())) {
                        captured = captured == null ? f : null; // exactly one, or we do not know which
                    }
                }
                if (captured != null) {
                    task = MethodHandles.privateLookupIn(wrapper, us).unreflectVarHandle(captured);
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                task = null;
            }
            CONT = task == null ? null : cont;
            TARGET = task == null ? null : target;
            WRAPPER = task == null ? null : wrapper;
            TASK = task;
        }
    }
}
