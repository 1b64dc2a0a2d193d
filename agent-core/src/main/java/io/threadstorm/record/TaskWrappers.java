package io.threadstorm.record;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.Set;

/**
 * Reaches the application's task inside the wrappers a virtual-thread-per-task executor hands to the threads it
 * starts ({@code ThreadPerTaskExecutor$TaskRunner} for {@code execute}, {@code ThreadBoundFuture}, a
 * {@code FutureTask}, for {@code submit}, around an {@code Executors$RunnableAdapter} for a {@code Runnable}), so that
 * those starts can take their site from the task-class cache instead of walking the stack. The JDK's classes are
 * read through {@code java.util.concurrent}, opened to the agent's own module only. On a JDK whose wrappers differ,
 * the missing ones are left as they are: their starts walk, as before.
 */
final class TaskWrappers {

    private final Class<?> taskRunner;
    private final VarHandle taskRunnerTask;
    private final Class<?> boundFuture;
    private final VarHandle futureCallable;
    private final Class<?> runnableAdapter;
    private final VarHandle adapterTask;

    private TaskWrappers(Class<?> taskRunner, VarHandle taskRunnerTask, Class<?> boundFuture, VarHandle futureCallable,
                         Class<?> runnableAdapter, VarHandle adapterTask) {
        this.taskRunner = taskRunner;
        this.taskRunnerTask = taskRunnerTask;
        this.boundFuture = boundFuture;
        this.futureCallable = futureCallable;
        this.runnableAdapter = runnableAdapter;
        this.adapterTask = adapterTask;
    }

    /** None: every task is taken as it comes. */
    static final TaskWrappers NONE = new TaskWrappers(null, null, null, null, null, null);

    /** Opens {@code java.util.concurrent} to the agent's module and finds the wrappers' fields; NONE if it cannot. */
    static TaskWrappers open(Instrumentation inst) {
        try {
            Module base = Object.class.getModule();
            inst.redefineModule(base, Set.of(), Map.of(),
                    Map.of("java.util.concurrent", Set.of(TaskWrappers.class.getModule())), Set.of(), Map.of());
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Class<?> runner = find("java.util.concurrent.ThreadPerTaskExecutor$TaskRunner");
            Class<?> bound = find("java.util.concurrent.ThreadPerTaskExecutor$ThreadBoundFuture");
            Class<?> adapter = find("java.util.concurrent.Executors$RunnableAdapter");
            return new TaskWrappers(runner, field(lookup, runner, "task", Runnable.class), bound,
                    field(lookup, java.util.concurrent.FutureTask.class, "callable",
                            java.util.concurrent.Callable.class),
                    adapter, field(lookup, adapter, "task", Runnable.class));
        } catch (RuntimeException | LinkageError e) {
            return NONE;
        }
    }

    /** The task inside {@code task}'s wrappers, or {@code task} itself. Never throws. */
    Object unwrap(Object task) {
        try {
            for (int i = 0; i < 3 && task != null; i++) {
                Class<?> type = task.getClass();
                if (type == taskRunner && taskRunnerTask != null) {
                    task = taskRunnerTask.get(task);
                } else if (type == boundFuture && futureCallable != null) {
                    task = futureCallable.get(task);
                } else if (type == runnableAdapter && adapterTask != null) {
                    task = adapterTask.get(task);
                } else {
                    break;
                }
            }
        } catch (RuntimeException e) {
            // keep what was reached
        }
        return task;
    }

    private static Class<?> find(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return null; // JDK 17: no ThreadPerTaskExecutor
        }
    }

    private static VarHandle field(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<?> type) {
        if (owner == null) {
            return null;
        }
        try {
            return MethodHandles.privateLookupIn(owner, lookup).findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
