package io.threadstorm.record;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Reads the {@code Runnable} a platform thread was made to run ({@code new Thread(task)}): its class tells where the
 * task was written, so that a start of a known site need not walk the stack (see {@link Tracker}). JDK 19+ keeps the
 * task in {@code Thread.holder.task}, JDK 17 in {@code Thread.target}; each is looked up by name and type once, and
 * self-tested on an unstarted thread before it is trusted. When neither is found, nothing is read and every start
 * walks its stack, as before.
 */
final class PlatformTasks {

    private static volatile boolean reads;

    private PlatformTasks() {
    }

    /**
     * Opens {@code java.lang} to the agent's own module ({@code inst} {@code null}: it is open already, as with
     * {@code --add-opens}) and tests the read. Never throws.
     */
    static void open(Instrumentation inst) {
        try {
            JdkClasses.open(inst, "java.lang");
            Runnable probe = () -> { };
            reads = Fields.TASK != null && task(new Thread(probe)) == probe; // never started
        } catch (RuntimeException | LinkageError e) {
            reads = false;
        }
    }

    /** True when {@link #task} reads a platform thread's task. */
    static boolean reads() {
        return reads;
    }

    /**
     * The task platform thread {@code thread} was constructed with, or {@code null} (none, a subclass overriding
     * {@code run}, or not readable). On JDK 17 the field is cleared when the thread exits. Never throws.
     */
    static Object task(Thread thread) {
        try {
            if (Fields.HOLDER != null) {
                Object holder = Fields.HOLDER.get(thread);
                return holder == null ? null : Fields.TASK.get(holder);
            }
            return Fields.TASK == null ? null : Fields.TASK.get(thread);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code Thread.holder} and {@code Thread$FieldHolder.task} (JDK 19+), or only {@code Thread.target} in
     * {@link #TASK} (JDK 17); in static finals so that the JIT folds them. Initialized on first use, after
     * {@link #open} opened the package.
     */
    private static final class Fields {
        static final VarHandle HOLDER;
        static final VarHandle TASK;

        static {
            VarHandle holder = null;
            VarHandle task = null;
            try {
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
                Class<?> holderClass = JdkClasses.find("java.lang.Thread$FieldHolder");
                if (holderClass != null) {
                    holder = lookup.findVarHandle(Thread.class, "holder", holderClass);
                    task = MethodHandles.privateLookupIn(holderClass, MethodHandles.lookup())
                            .findVarHandle(holderClass, "task", Runnable.class);
                } else {
                    task = lookup.findVarHandle(Thread.class, "target", Runnable.class);
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                holder = null;
                task = null;
            }
            HOLDER = task == null ? null : holder;
            TASK = task;
        }
    }
}
