package io.threadstorm.record;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;

/**
 * Reads a thread's id, state, name and stack without trusting the application: {@code getId()},
 * {@code getState()} and {@code getStackTrace()} are not final, and a {@code Thread} subclass may override them to
 * return {@code null}, lie or throw. Threads of JDK classes and subclasses that override none of these are read
 * directly (the common case costs one class check); for the others the id comes from the final
 * {@code threadId()} (JDK 19+) or the JDK's private {@code tid} (JDK 17), and the state and stack from the JVM
 * ({@code ThreadMXBean}). A name is final but may hold lone surrogates, which no encoder can write: they are replaced.
 * Every method never throws.
 */
public final class SafeThreads {

    /** {@code Thread.threadId()} on JDK 19+, else {@code null}. */
    private static final MethodHandle THREAD_ID = threadId();

    /** Per class: which of the readable methods it overrides (bits {@link #ID}, {@link #STATE}, {@link #STACK}). */
    private static final ClassValue<Integer> OVERRIDES = new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> type) {
            return overrides(type);
        }
    };
    private static final int ID = 1;
    private static final int STATE = 2;
    private static final int STACK = 4;

    private SafeThreads() {
    }

    /** The JVM's id of {@code thread}, whatever its class overrides; -1 only when no way to read it works. */
    @SuppressWarnings("deprecation") // Thread.getId: only on classes that do not override it
    public static long id(Thread thread) {
        if (THREAD_ID != null) {
            try {
                return (long) THREAD_ID.invokeExact(thread);
            } catch (Throwable e) {
                return -1;
            }
        }
        if (thread.getClass() == Thread.class || (overrides(thread) & ID) == 0) {
            return thread.getId();
        }
        return Tid.read(thread);
    }

    /**
     * The state of {@code thread} as the JVM sees it; never {@code null}. A thread whose class overrides
     * {@code getState()} is asked through {@code ThreadMXBean} (such a class is a platform thread: virtual threads
     * cannot be subclassed); when the JVM no longer knows it, it is {@code TERMINATED} unless still alive.
     */
    public static Thread.State state(Thread thread) {
        if (thread.getClass() != Thread.class && (overrides(thread) & STATE) != 0) {
            Thread.State state = THREAD_ID == null ? Tid.state(thread) : null;
            if (state != null) {
                return state;
            }
            ThreadInfo info = info(thread, 0);
            if (info != null) {
                return info.getThreadState();
            }
            return thread.isAlive() ? Thread.State.RUNNABLE : Thread.State.TERMINATED;
        }
        try {
            Thread.State state = thread.getState();
            return state != null ? state : Thread.State.RUNNABLE;
        } catch (RuntimeException | LinkageError e) {
            return thread.isAlive() ? Thread.State.RUNNABLE : Thread.State.TERMINATED;
        }
    }

    /** The current stack of {@code thread}; empty when it cannot be read. Never {@code null}. */
    public static StackTraceElement[] stack(Thread thread) {
        try {
            if (thread.getClass() != Thread.class && (overrides(thread) & STACK) != 0) {
                ThreadInfo info = info(thread, Integer.MAX_VALUE);
                if (info != null) {
                    return info.getStackTrace();
                }
                // JDK 17 with a throwing getId(): the JDK's dump of all threads does not ask the thread
                StackTraceElement[] stack = Thread.getAllStackTraces().get(thread);
                return stack == null ? new StackTraceElement[0] : stack;
            }
            StackTraceElement[] stack = thread.getStackTrace();
            return stack == null ? new StackTraceElement[0] : stack;
        } catch (RuntimeException | LinkageError e) {
            return new StackTraceElement[0];
        }
    }

    /** The thread's name, lone surrogates replaced by U+FFFD so that any encoder can write it. */
    public static String name(Thread thread) {
        return text(thread.getName());
    }

    /** {@code text} with each lone surrogate replaced by U+FFFD; the same instance when it holds none. */
    public static String text(String text) {
        if (text == null) {
            return "";
        }
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: one code point
            } else if (Character.isSurrogate(c)) {
                return replaceLoneSurrogates(text);
            }
        }
        return text;
    }

    private static String replaceLoneSurrogates(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /**
     * {@code ThreadMXBean.getThreadInfo(ids, depth)}, one thread at a time when the batch throws: on JDK 17 the JDK's
     * own {@code ThreadInfo} calls the overridable {@code getId()}, so one hostile thread fails the whole batch.
     * Threads that cannot be read are {@code null}. Never throws.
     */
    public static ThreadInfo[] infos(ThreadMXBean threads, long[] ids, int depth) {
        return infos(ids, many -> threads.getThreadInfo(many, depth), one -> threads.getThreadInfo(one, depth));
    }

    /** {@code ThreadMXBean.getThreadInfo(ids, monitors, synchronizers)}, as {@link #infos(ThreadMXBean, long[], int)}. */
    public static ThreadInfo[] infos(ThreadMXBean threads, long[] ids, boolean monitors, boolean synchronizers) {
        return infos(ids, many -> threads.getThreadInfo(many, monitors, synchronizers),
                one -> threads.getThreadInfo(new long[] {one}, monitors, synchronizers)[0]);
    }

    private static ThreadInfo[] infos(long[] ids, java.util.function.Function<long[], ThreadInfo[]> many,
                                      java.util.function.LongFunction<ThreadInfo> one) {
        try {
            return many.apply(ids);
        } catch (RuntimeException e) {
            ThreadInfo[] out = new ThreadInfo[ids.length];
            for (int i = 0; i < ids.length; i++) {
                try {
                    out[i] = one.apply(ids[i]);
                } catch (RuntimeException skipped) {
                    out[i] = null; // this thread's class breaks the JDK's reading of it
                }
            }
            return out;
        }
    }

    private static int overrides(Thread thread) {
        Class<?> type = thread.getClass();
        return type.getClassLoader() == null ? 0 : OVERRIDES.get(type); // JDK classes are trusted
    }

    private static int overrides(Class<?> type) {
        int bits = 0;
        try {
            bits |= declaredAbove(type, "getId") ? ID : 0;
            bits |= declaredAbove(type, "getState") ? STATE : 0;
            bits |= declaredAbove(type, "getStackTrace") ? STACK : 0;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            bits = ID | STATE | STACK; // cannot tell: trust nothing
        }
        return bits;
    }

    private static boolean declaredAbove(Class<?> type, String method) throws NoSuchMethodException {
        Method m = type.getMethod(method);
        return m.getDeclaringClass() != Thread.class;
    }

    private static ThreadInfo info(Thread thread, int depth) {
        try {
            long id = id(thread);
            return id < 0 ? null : ManagementFactory.getThreadMXBean().getThreadInfo(id, depth);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static MethodHandle threadId() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "threadId",
                    MethodType.methodType(long.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // JDK 17
        }
    }

    /**
     * JDK 17's private {@code Thread.tid} and {@code Thread.threadStatus}, readable once {@code java.lang} is open
     * to the agent. (On JDK 17 the JDK's own {@code ThreadInfo} calls {@code getId()}: a thread that overrides it
     * to throw cannot be read through {@code ThreadMXBean}.)
     */
    private static final class Tid {
        private static final VarHandle TID = find("tid", long.class);
        private static final VarHandle STATUS = find("threadStatus", int.class);

        private static VarHandle find(String name, Class<?> type) {
            try {
                return MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                        .findVarHandle(Thread.class, name, type);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        /** The state from the JVMTI bits in {@code threadStatus}, as {@code jdk.internal.misc.VM} reads them. */
        static Thread.State state(Thread thread) {
            if (STATUS == null) {
                return null;
            }
            int s = (int) STATUS.getVolatile(thread);
            if ((s & 0x0004) != 0) {
                return Thread.State.RUNNABLE;
            } else if ((s & 0x0400) != 0) {
                return Thread.State.BLOCKED;
            } else if ((s & 0x0010) != 0) {
                return Thread.State.WAITING;
            } else if ((s & 0x0020) != 0) {
                return Thread.State.TIMED_WAITING;
            } else if ((s & 0x0002) != 0) {
                return Thread.State.TERMINATED;
            } else if ((s & 0x0001) == 0) {
                return Thread.State.NEW;
            }
            return Thread.State.RUNNABLE;
        }

        static long read(Thread thread) {
            if (TID != null) {
                return (long) TID.get(thread);
            }
            try {
                @SuppressWarnings("deprecation")
                long id = thread.getId();
                return id;
            } catch (RuntimeException | LinkageError e) {
                return -1;
            }
        }
    }
}
