package io.threadstorm.record;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Reaches the application's task inside the wrappers a virtual-thread-per-task executor hands to the threads it
 * starts ({@code ThreadPerTaskExecutor$TaskRunner} for {@code execute}, {@code ThreadBoundFuture}, a
 * {@code FutureTask}, for {@code submit}, around an {@code Executors$RunnableAdapter} for a {@code Runnable}), so that
 * those starts can take their site from the task-class cache instead of walking the stack. The JDK's classes are
 * read through {@code java.util.concurrent}, opened to the agent's own module only. On a JDK whose wrappers differ,
 * the missing ones are left as they are: their starts walk, as before.
 */
final class TaskWrappers {

    private final boolean open;

    private TaskWrappers(boolean open) {
        this.open = open;
    }

    /** None: every task is taken as it comes. */
    static final TaskWrappers NONE = new TaskWrappers(false);

    /** Opens {@code java.util.concurrent} to the agent's module and finds the wrappers' fields; NONE if it cannot. */
    static TaskWrappers open(Instrumentation inst) {
        try {
            JdkClasses.open(inst, "java.util.concurrent");
            // the fields are looked up now, once the package is open to us
            return new TaskWrappers(Fields.RUNNER != null || Fields.BOUND != null || Fields.ADAPTER != null);
        } catch (RuntimeException | LinkageError e) {
            return NONE;
        }
    }

    /** The task inside {@code task}'s wrappers, or {@code task} itself. Never throws. */
    Object unwrap(Object task) {
        if (!open) {
            return task;
        }
        try {
            for (int i = 0; i < 3 && task != null; i++) {
                Class<?> type = task.getClass();
                if (type == Fields.RUNNER) {
                    task = Fields.RUNNER_TASK.get(task);
                } else if (type == Fields.BOUND) {
                    task = Fields.FUTURE_CALLABLE.get(task);
                } else if (type == Fields.ADAPTER) {
                    task = Fields.ADAPTER_TASK.get(task);
                } else {
                    break;
                }
            }
        } catch (RuntimeException e) {
            // keep what was reached
        }
        return task;
    }

    /**
     * The task inside what an executor was handed: {@link #unwrap}'s wrappers, and those of {@code submit} (a
     * {@code FutureTask} around a callable or an {@code Executors$RunnableAdapter}) and of a {@code CompletableFuture}
     * async stage ({@code AsyncRun}, {@code AsyncSupply}). Never throws.
     */
    Object unwrapSubmitted(Object task) {
        if (!open) {
            return task;
        }
        try {
            for (int i = 0; i < 3 && task != null; i++) {
                Class<?> type = task.getClass();
                if (type == java.util.concurrent.FutureTask.class && Submitted.FUTURE_TASK_CALLABLE != null) {
                    task = Submitted.FUTURE_TASK_CALLABLE.get(task);
                } else if (type == Submitted.ASYNC_RUN) {
                    task = Submitted.ASYNC_RUN_FN.get(task);
                } else if (type == Submitted.ASYNC_SUPPLY) {
                    task = Submitted.ASYNC_SUPPLY_FN.get(task);
                } else {
                    Object inner = unwrap(task);
                    if (inner == task) {
                        break;
                    }
                    task = inner;
                }
            }
        } catch (RuntimeException e) {
            // keep what was reached
        }
        return task;
    }

    /** The wrappers of submitted tasks ({@link #unwrapSubmitted}), as {@link Fields}. */
    private static final class Submitted {
        static final VarHandle FUTURE_TASK_CALLABLE = field(java.util.concurrent.FutureTask.class, "callable",
                java.util.concurrent.Callable.class);
        static final VarHandle ASYNC_RUN_FN;
        static final Class<?> ASYNC_RUN;
        static final VarHandle ASYNC_SUPPLY_FN;
        static final Class<?> ASYNC_SUPPLY;

        static {
            Class<?> run = JdkClasses.find("java.util.concurrent.CompletableFuture$AsyncRun");
            ASYNC_RUN_FN = field(run, "fn", Runnable.class);
            ASYNC_RUN = ASYNC_RUN_FN == null ? null : run;
            Class<?> supply = JdkClasses.find("java.util.concurrent.CompletableFuture$AsyncSupply");
            ASYNC_SUPPLY_FN = field(supply, "fn", java.util.function.Supplier.class);
            ASYNC_SUPPLY = ASYNC_SUPPLY_FN == null ? null : supply;
        }
    }

    private static VarHandle field(Class<?> owner, String name, Class<?> type) {
        if (owner == null) {
            return null;
        }
        try {
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The wrappers and their fields, in static finals so that the JIT folds them into plain loads; a wrapper whose
     * field is missing is {@code null} (never matched). Initialized on first use, after {@link #open}.
     */
    private static final class Fields {
        static final VarHandle RUNNER_TASK;
        static final Class<?> RUNNER;
        static final VarHandle FUTURE_CALLABLE;
        static final Class<?> BOUND;
        static final VarHandle ADAPTER_TASK;
        static final Class<?> ADAPTER;

        static {
            Class<?> runner = JdkClasses.find("java.util.concurrent.ThreadPerTaskExecutor$TaskRunner");
            RUNNER_TASK = field(runner, "task", Runnable.class);
            RUNNER = RUNNER_TASK == null ? null : runner;
            Class<?> bound = JdkClasses.find("java.util.concurrent.ThreadPerTaskExecutor$ThreadBoundFuture");
            FUTURE_CALLABLE = field(bound == null ? null : java.util.concurrent.FutureTask.class, "callable",
                    java.util.concurrent.Callable.class);
            BOUND = FUTURE_CALLABLE == null ? null : bound;
            Class<?> adapter = JdkClasses.find("java.util.concurrent.Executors$RunnableAdapter");
            ADAPTER_TASK = field(adapter, "task", Runnable.class);
            ADAPTER = ADAPTER_TASK == null ? null : adapter;
        }
    }
}
