package io.threadstorm.record;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Walks the current stack without building {@code StackTraceElement}s: it hashes class, method and bytecode
 * index of each frame, and only when the hash is new does the caller pay for the elements
 * ({@link Walk#elements()}).
 */
public final class StackCapture {

    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** Callers of the first application frame that are part of a site's identity. */
    static final int APP_CALLERS = 2;
    /** Frames below the first frame outside the JDK that are part of it when no application frame is near. */
    static final int LIBRARY_CALLERS = 8;

    private final int depth;
    private final Frames appFrames;

    public StackCapture(int depth, Frames appFrames) {
        this.depth = depth;
        this.appFrames = appFrames;
    }

    /** The frames of one walk: the agent's own leading frames are left out. */
    public static final class Walk {
        private final StackWalker.StackFrame[] frames;
        private final int count;
        private final long hash;

        Walk(StackWalker.StackFrame[] frames, int count, long hash) {
            this.frames = frames;
            this.count = count;
            this.hash = hash;
        }

        public long hash() {
            return hash;
        }

        /** Builds the elements: the costly part, done once per site. */
        public List<StackTraceElement> elements() {
            List<StackTraceElement> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                out.add(frames[i].toStackTraceElement());
            }
            return out;
        }

        /** True when one of the frames is {@code className.methodName}. */
        public boolean contains(String className, String methodName) {
            for (int i = 0; i < count; i++) {
                if (frames[i].getMethodName().equals(methodName) && frames[i].getClassName().equals(className)) {
                    return true;
                }
            }
            return false;
        }

        /** The class name of the frame below {@code className.methodName} (its caller), or {@code null}. */
        public String frameAfter(String className, String methodName) {
            for (int i = 0; i + 1 < count; i++) {
                if (frames[i].getMethodName().equals(methodName) && frames[i].getClassName().equals(className)) {
                    return frames[i + 1].getClassName();
                }
            }
            return null;
        }

        /** The class name of the first frame not in the JDK or the agent, or {@code null}. */
        public String firstNonJdkClass() {
            for (int i = 0; i < count; i++) {
                if (!Frames.isJdk(frames[i].getClassName())) {
                    return frames[i].getClassName();
                }
            }
            return null;
        }
    }

    /**
     * The call site of the current JDK call, cheaply: a walk that stops at the first frame outside the JDK and the
     * agent and reads its class, method name and bytecode index (one method name resolved, no elements). Returns a
     * key of the three, or 0 when every frame is the JDK's or the agent's (the JDK made the object for itself).
     */
    public long callSite() {
        return WALKER.walk(s -> {
            Iterator<StackWalker.StackFrame> it = s.iterator();
            for (int n = 0; it.hasNext() && n < depth; n++) {
                StackWalker.StackFrame f = it.next();
                String cls = f.getClassName();
                if (!Frames.isJdk(cls) && !Frames.isAgent(cls)) {
                    long key = ((long) (cls.hashCode() * 31 + f.getMethodName().hashCode()) << 32)
                            | (f.getByteCodeIndex() & 0xffffffffL);
                    return key == 0 ? 1 : key;
                }
            }
            return 0L;
        });
    }

    /** Walks the current stack; {@code salt} separates sites of different kinds with the same stack. */
    public Walk walk(long salt) {
        return walk(salt, id -> false);
    }

    /**
     * Walks the current stack. A site's identity is its frames down to the first application frame and
     * {@value #APP_CALLERS} of its callers (or {@value #LIBRARY_CALLERS} frames below the first frame outside the
     * JDK when no application frame comes): deeper frames vary with the request path, not with the line that starts
     * threads. As soon as those frames are hashed and {@code known} says the site exists, the walk stops, so a
     * start from a known line costs a short walk; a new site is walked to {@code depth} frames for its stack.
     */
    public Walk walk(long salt, LongPredicate known) {
        return WALKER.walk(s -> {
            StackWalker.StackFrame[] frames = new StackWalker.StackFrame[depth];
            int n = 0;
            long h = FNV_OFFSET ^ salt;
            long id = 0;
            boolean identified = false;
            boolean leading = true;
            int firstOutside = -1;
            int firstApp = -1;
            Iterator<StackWalker.StackFrame> it = s.iterator();
            while (it.hasNext() && n < depth) {
                StackWalker.StackFrame f = it.next();
                String cls = f.getClassName();
                if (leading && Frames.isAgent(cls)) {
                    continue;
                }
                leading = false;
                frames[n++] = f;
                if (identified) {
                    continue;
                }
                h = (h ^ cls.hashCode()) * FNV_PRIME;
                h = (h ^ f.getMethodName().hashCode()) * FNV_PRIME;
                h = (h ^ f.getByteCodeIndex()) * FNV_PRIME;
                if (firstOutside < 0 && !Frames.isJdk(cls)) {
                    firstOutside = n - 1;
                }
                if (firstApp < 0 && appFrames.isApp(cls)) {
                    firstApp = n - 1;
                }
                if ((firstApp >= 0 && n - 1 - firstApp >= APP_CALLERS)
                        || (firstOutside >= 0 && n - 1 - firstOutside >= LIBRARY_CALLERS)) {
                    id = mix(h);
                    identified = true;
                    if (known.test(id)) {
                        return new Walk(frames, n, id);
                    }
                }
            }
            return new Walk(frames, n, identified ? id : mix(h));
        });
    }

    /** A final avalanche so that ids spread over all 64 bits (from SplitMix64). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
