package io.threadstorm.instrument;

import io.threadstorm.instrument.Hook.Push;
import io.threadstorm.record.JdkClasses;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The hooks into the JDK classes that start threads and create executors, timers and futures, and their
 * installation. Each hook is a static call into {@code io.threadstorm.bootstrap.Recorder} at method entry or before
 * each return; hot paths (task submission, future creation) call a sampled entry point, so that an unsampled call
 * costs one random number. JDK internals move between releases, so every hook is matched by name and descriptor and
 * checked after installation: a hook this JDK lacks is reported once and the others still work.
 *
 * <p>Why not Byte Buddy's {@code AgentBuilder} and {@code Advice}: they load about a thousand classes at start-up
 * (measured +650 ms to the end of a trivial {@code main} on the 2-core CI machine, against a +250 ms budget); the
 * hooks here need only ASM's core, about thirty classes: the JDK's own copy where it has one (JDK 17 to 23, see
 * {@link JdkAsm}), else Byte Buddy's.
 */
public final class Hooks {

    private static final String THREAD_STARTED = "threadStarted(Ljava/lang/Thread;)V";
    private static final String THREAD_ENDED = "threadEnded(Ljava/lang/Thread;)V";
    private static final String VIRTUAL_END = "VirtualThread.afterDone/afterTerminate";
    private static final String CREATED = "executorCreated(Ljava/lang/Object;)V";
    private static final String SHUTDOWN = "executorShutdown(Ljava/lang/Object;)V";
    private static final String SUBMITTED = "taskSubmittedSampled(Ljava/lang/Object;)V";
    private static final String FUTURE = "futureCreatedSampled(Ljava/lang/Object;)V";

    private final List<Hook> hooks = new ArrayList<>();
    private final List<Redirect> redirects = new ArrayList<>();
    private HookTransformer transformer;
    private Instrumentation inst;

    public Hooks() {
        String container = "(Ljdk/internal/vm/ThreadContainer;)V";
        // A platform start is recorded once start0 returned, so that its stack walk overlaps the new thread's own
        // start-up (recorded before, it lengthened start + join by a sixth); one that ends before start() returns
        // is left to the sampler's sweep. A virtual start is recorded at entry: it costs no walk once its task's
        // class is known, and at millions a second no exit should come before its start.
        exit("java/lang/Thread", "Thread.start()", method("start", "()V"), THREAD_STARTED, Push.THIS);
        exit("java/lang/Thread", "Thread.start(ThreadContainer)", method("start", container), THREAD_STARTED,
                Push.THIS);
        // VirtualThread overrides both; start() calls start(ThreadContainer): hooking the latter counts each once
        entry("java/lang/VirtualThread", "VirtualThread.start(ThreadContainer)", method("start", container),
                THREAD_STARTED, Push.THIS);
        // the ends: the VM calls Thread.exit() on a platform thread; a virtual thread's carrier calls afterDone
        // (JDK 22+) or afterTerminate (JDK 21) once its task is over
        entry("java/lang/Thread", "Thread.exit()", method("exit", "()V"), THREAD_ENDED, Push.THIS);
        entry("java/lang/VirtualThread", VIRTUAL_END, named("afterDone", "afterTerminate").startingWith("(Z"),
                THREAD_ENDED, Push.THIS);

        // the task a virtual thread runs: its class tells the start's site without a stack walk (see Tracker)
        exit("java/lang/VirtualThread", "new VirtualThread(..., Runnable)", method("<init>",
                "(Ljava/util/concurrent/Executor;Ljava/lang/String;ILjava/lang/Runnable;)V"),
                "virtualThreadCreated(Ljava/lang/Thread;Ljava/lang/Runnable;)V", Push.THIS_AND_FOURTH);

        String tpe = "java/util/concurrent/ThreadPoolExecutor";
        exit(tpe, "ThreadPoolExecutor.<init>", method("<init>", "(IIJLjava/util/concurrent/TimeUnit;"
                + "Ljava/util/concurrent/BlockingQueue;Ljava/util/concurrent/ThreadFactory;"
                + "Ljava/util/concurrent/RejectedExecutionHandler;)V"), CREATED, Push.THIS);
        entry(tpe, "ThreadPoolExecutor.shutdown", named("shutdown", "shutdownNow"), SHUTDOWN, Push.THIS);
        // at exit, where nothing of execute's is live across the call: at entry, keeping this and the task across it
        // made the compiled execute too large for the JIT to inline into its callers on JDK 17 (C2's InlineSmallCode,
        // which execute alone nearly reaches); a rejected submit, which throws, is not sampled
        exit(tpe, "ThreadPoolExecutor.execute", method("execute", "(Ljava/lang/Runnable;)V"), SUBMITTED,
                Push.THIS);
        entry(tpe, "ThreadPoolExecutor.addWorker", method("addWorker", "(Ljava/lang/Runnable;Z)Z"),
                "addingWorker(Ljava/lang/Object;)V", Push.THIS);
        exit(tpe, "ThreadPoolExecutor.addWorker exit", method("addWorker", "(Ljava/lang/Runnable;Z)Z"),
                "workerAdded()V", Push.NONE);
        entry("java/util/concurrent/ScheduledThreadPoolExecutor", "ScheduledThreadPoolExecutor.delayedExecute",
                method("delayedExecute", "(Ljava/util/concurrent/RunnableScheduledFuture;)V"), SUBMITTED,
                Push.THIS);

        String fjp = "java/util/concurrent/ForkJoinPool";
        exit(fjp, "ForkJoinPool.<init>", named("<init>").except("(B)V"), CREATED, Push.THIS);
        entry(fjp, "ForkJoinPool.shutdown", named("shutdown", "shutdownNow", "close"), SHUTDOWN, Push.THIS);
        entry(fjp, "ForkJoinPool.execute/submit", named("execute", "submit").takingOneReference(), SUBMITTED, Push.THIS);

        exit("java/util/Timer", "Timer.<init>", named("<init>"), CREATED, Push.THIS);
        entry("java/util/Timer", "Timer.cancel", method("cancel", "()V"), SHUTDOWN, Push.THIS);

        String cf = "java/util/concurrent/CompletableFuture";
        exit(cf, "new CompletableFuture()", method("<init>", "()V"), FUTURE, Push.THIS);
        // its own stages are made with new CompletableFuture(): sent to CompletableFuture(null), they skip the hook
        // above, which then sees only futures made outside the class (see Redirect; applied only where the class
        // has the constructor it redirects to)
        redirects.add(new Redirect(cf, REDIRECT_STAGES, "()V", "(Ljava/lang/Object;)V"));
        exit(cf, "CompletableFuture.supplyAsync/runAsync", named("asyncSupplyStage", "asyncRunStage"), FUTURE,
                Push.RETURN_VALUE);
        entry(cf, "CompletableFuture.get/join", named("waitingGet", "timedGet"),
                "futureAwaited(Ljava/lang/Object;)V", Push.THIS);
        exit(cf, "CompletableFuture.get/join exit", named("waitingGet", "timedGet"), "futureAwaitEnded()V",
                Push.NONE);
        entry("java/util/concurrent/FutureTask", "FutureTask.get", named("awaitDone"),
                "futureAwaited(Ljava/lang/Object;)V", Push.THIS);
        exit("java/util/concurrent/FutureTask", "FutureTask.get exit", named("awaitDone"), "futureAwaitEnded()V",
                Push.NONE);

        contextHooks();
    }

    /**
     * The context tags ({@code bootstrap.Context}): a task takes the tag of the thread that submits or creates it, and
     * a pool's worker works under that tag while it runs the task. Only {@code Thread.start}'s goes in at start (a
     * call that returns after one read of a static field while no thread was ever tagged); those in executors and
     * fork-join tasks, which run per task, go in at the first tag ({@link #tagEntry}).
     */
    private void contextHooks() {
        // a platform start is recorded after start0: the new thread must know its tag before it runs
        entry("java/lang/Thread", "Thread.start() (context)", method("start", "()V"),
                "contextThreadStarting(Ljava/lang/Thread;)V", Push.THIS);
        String tpe = "java/util/concurrent/ThreadPoolExecutor";
        String tagTask = "contextTask(Ljava/lang/Object;Ljava/lang/Object;)V";
        tagEntry(tpe, "ThreadPoolExecutor.execute (context)", method("execute", "(Ljava/lang/Runnable;)V"), tagTask,
                Push.THIS_AND_FIRST);
        tagEntry("java/util/concurrent/ScheduledThreadPoolExecutor",
                "ScheduledThreadPoolExecutor.delayedExecute (context)",
                method("delayedExecute", "(Ljava/util/concurrent/RunnableScheduledFuture;)V"), tagTask,
                Push.THIS_AND_FIRST);
        // a rejected task never starts on a worker: it is no longer being handed over (Tracker.contextsInFlight)
        tagEntry(tpe, "ThreadPoolExecutor.reject (context)", method("reject", "(Ljava/lang/Runnable;)V"),
                "contextTaskRejected(Ljava/lang/Object;Ljava/lang/Object;)V", Push.THIS_AND_FIRST);
        tagEntry(tpe, "ThreadPoolExecutor.addWorker (context)", method("addWorker", "(Ljava/lang/Runnable;Z)Z"),
                "contextFirstTask(Ljava/lang/Object;Ljava/lang/Object;)V", Push.THIS_AND_FIRST);
        // a worker asks for its next task once it is done with the last, and runs what it gets
        tagEntry(tpe, "ThreadPoolExecutor.getTask (context)", method("getTask", "()Ljava/lang/Runnable;"),
                "contextTaskDone()V", Push.NONE);
        tagExit(tpe, "ThreadPoolExecutor.getTask exit (context)", method("getTask", "()Ljava/lang/Runnable;"),
                "contextTaskRunning(Ljava/lang/Object;)V", Push.RETURN_VALUE);
        // every fork-join task (a CompletableFuture async stage, the wrapper of a Runnable given to a ForkJoinPool, a
        // forked subtask) takes the tag of the thread that creates it
        String fjt = "java/util/concurrent/ForkJoinTask";
        // even a check of one flag in this constructor, which every CompletableFuture stage runs, cost each stage
        // about 1.3 ns (the allocation loses its optimizations)
        tagExit(fjt, "new ForkJoinTask() (context)", method("<init>", "()V"), "contextTask(Ljava/lang/Object;)V",
                Push.THIS);
        tagEntry(fjt, "ForkJoinTask.doExec (context)", named("doExec"), "contextForkJoinRunning(Ljava/lang/Object;)V",
                Push.THIS);
        tagExit(fjt, "ForkJoinTask.doExec exit (context)", named("doExec"), "contextForkJoinDone()V", Push.NONE);
    }

    /** Every hook, in installation order (for the tests that check them against Recorder and the JDK). */
    List<Hook> hooks() {
        return List.copyOf(hooks);
    }

    /** Every constructor redirect (for the test that checks both constructors exist in the JDK). */
    List<Redirect> redirects() {
        return List.copyOf(redirects);
    }

    /** The description of the redirect of {@code CompletableFuture}'s own stages. */
    static final String REDIRECT_STAGES = "CompletableFuture's own stages skip the constructor hook";

    private static Methods method(String name, String descriptor) {
        return new Methods(List.of(name), descriptor, null, null, false);
    }

    private static Methods named(String... names) {
        return new Methods(List.of(names), null, null, null, false);
    }

    /**
     * Which methods a hook goes into: by name, and by descriptor (exactly, by its start, all but one, or one reference
     * parameter). One class rather than a lambda per kind of match, each of which {@code premain} would spin (about
     * a millisecond each, cold).
     */
    record Methods(List<String> names, String descriptor, String prefix, String except, boolean oneReference)
            implements BiPredicate<String, String> {

        @Override
        public boolean test(String name, String desc) {
            return names.contains(name) && (descriptor == null || desc.equals(descriptor))
                    && (prefix == null || desc.startsWith(prefix)) && (except == null || !desc.equals(except))
                    && (!oneReference || (desc.startsWith("(L") && desc.indexOf(';') == desc.indexOf(')') - 1));
        }

        /** Those whose descriptor starts with {@code start}. */
        Methods startingWith(String start) {
            return new Methods(names, descriptor, start, except, oneReference);
        }

        /** All but the one with descriptor {@code excluded}. */
        Methods except(String excluded) {
            return new Methods(names, descriptor, prefix, excluded, oneReference);
        }

        /** Those that take one parameter, a reference. */
        Methods takingOneReference() {
            return new Methods(names, descriptor, prefix, except, true);
        }
    }

    private void entry(String type, String description, BiPredicate<String, String> methods, String call, Push push) {
        hooks.add(new Hook(type, description, methods, true, call, push));
    }

    private void exit(String type, String description, BiPredicate<String, String> methods, String call, Push push) {
        hooks.add(new Hook(type, description, methods, false, call, push));
    }

    /**
     * A context hook put in at the first tag only ({@link Hook#onFirstTag}): untagged, the JDK method runs as it
     * was. Even a check of one flag costs where it runs per task: in {@code ThreadPoolExecutor.execute} it and the
     * submit hook's check, each with its call, made the compiled method too large for the JIT to inline into its
     * callers (JDK 25).
     */
    private void tagEntry(String type, String description, BiPredicate<String, String> methods, String call,
                          Push push) {
        hooks.add(new Hook(type, description, methods, true, call, push, true));
    }

    private void tagExit(String type, String description, BiPredicate<String, String> methods, String call,
                         Push push) {
        hooks.add(new Hook(type, description, methods, false, call, push, true));
    }

    /**
     * Installs every hook: the target classes already loaded are retransformed now, the others get their hooks as
     * they load ({@link #loadTargets} loads them off the application's start-up). Returns one
     * line per hook that could not be installed in a loaded class; a hook missing from a class loaded later is told
     * by {@link #missingSinceInstall()}. Never throws for a single missing hook.
     */
    public List<String> install(Instrumentation inst) {
        Map<String, List<Hook>> byType = new LinkedHashMap<>();
        for (Hook h : hooks) {
            List<Hook> of = byType.get(h.type()); // no lambda: premain would spin its class
            if (of == null) {
                byType.put(h.type(), of = new ArrayList<>());
            }
            of.add(h);
        }
        Map<String, Redirect> redirectsByType = new LinkedHashMap<>();
        for (Redirect r : redirects) {
            redirectsByType.put(r.type(), r);
        }
        this.inst = inst;
        transformer = new HookTransformer(byType, redirectsByType, JdkAsm.load(inst));
        // the transformer first, then the look at what is loaded: a class loaded in between is hooked as it loads
        // and retransformed again (the hooks go in once), none is missed
        inst.addTransformer(transformer, true);
        return retransformLoaded(byType.keySet(), "retransformation failed: ");
    }

    /** Retransforms those of {@code types} (internal names) the boot loader has loaded; the hooks found missing. */
    private List<String> retransformLoaded(java.util.Set<String> types, String failure) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String t : types) {
            names.add(t.replace('/', '.'));
        }
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() == null && names.contains(c.getName())) {
                loaded.add(c);
            }
        }
        List<String> missing = new ArrayList<>();
        try {
            inst.retransformClasses(loaded.toArray(new Class<?>[0]));
        } catch (Exception | LinkageError e) {
            missing.add(failure + e);
        }
        for (Class<?> c : loaded) {
            missing.addAll(transformer.missingIn(internalName(c)));
        }
        return missing;
    }

    /**
     * Puts in the hooks only tags need ({@link Hook#onFirstTag}), once: the loaded classes they go into are
     * retransformed now, the others get them as they load. Returns one line per hook that could not go in. Called on
     * the thread about to give the first tag, which waits; callers after the first return at once.
     */
    public synchronized List<String> enableTagHooks() {
        if (transformer == null || transformer.tagHooks) {
            return List.of();
        }
        transformer.tagHooks = true; // before the look at what is loaded, as in install
        java.util.Set<String> types = new java.util.HashSet<>();
        for (Hook h : hooks) {
            if (h.onFirstTag()) {
                types.add(h.type());
            }
        }
        return retransformLoaded(types, "retransformation for tags failed: ");
    }

    /**
     * Loads the target classes the application has not loaded yet (not initialized: no pool is made), so that their
     * hooks go in on the calling thread, the agent's own, rather than on an application thread at its first use of
     * the class: ASM runs interpreted then, 0.5–15 ms of a thread's CPU per class (measured cold, the first one
     * loading ASM), which a request would wait for. Never throws; a class this JDK lacks is skipped.
     */
    public void loadTargets() {
        java.util.Set<String> types = new java.util.LinkedHashSet<>();
        for (Hook h : hooks) {
            types.add(h.type().replace('/', '.'));
        }
        for (String type : types) {
            JdkClasses.find(type);
        }
    }

    /**
     * Which ASM wrote the hooks, for the agent's debug log: the JDK's ({@link JdkAsm}), with the classes it left to
     * Byte Buddy's and why, or Byte Buddy's.
     */
    public String writtenWith() {
        HookTransformer t = transformer;
        if (t == null || !t.withJdkAsm()) {
            return "Byte Buddy's ASM";
        }
        return t.leftToBundled.isEmpty() ? "the JDK's ASM" : "the JDK's ASM, and Byte Buddy's for "
                + t.leftToBundled;
    }

    /** The hooks found missing in classes loaded since {@link #install}, each told once; empty before install. */
    public List<String> missingSinceInstall() {
        return transformer == null ? List.of() : transformer.missingSinceInstall();
    }

    private static String internalName(Class<?> c) {
        return c.getName().replace('.', '/');
    }
}
