package io.threadstorm.junit;

import io.threadstorm.bootstrap.Context;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tag of one check, set on the test's thread through the agent's bootstrap API ({@link Context}, JDK types only;
 * the extension never touches the agent's relocated classes). With the agent, every thread, pool, submitted task and
 * async stage the test's work creates carries the tag, and the agent's snapshot lists each thread's. Without the
 * agent the tag is set and read back by no one.
 */
final class TestTag {

    /** Makes each tag unique in the JVM: the same test may run many times (the engine test kit, reruns). */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private String tag;
    private String previous;

    private TestTag(String tag) {
        this.tag = tag;
    }

    /** A new tag for the scope {@code uniqueId}, not set yet. */
    static TestTag of(String uniqueId) {
        return new TestTag(uniqueId + "#" + SEQUENCE.incrementAndGet());
    }

    /** Tags the current thread. Never throws. */
    void begin() {
        try {
            previous = Context.tag(tag);
        } catch (LinkageError e) {
            tag = null; // an agent whose bootstrap classes predate the tag
        }
    }

    /** The tag, or {@code null} when it could not be set. */
    String value() {
        return tag;
    }

    /** Gives the current thread back the tag it had before {@link #begin}. Never throws. */
    void end() {
        if (tag != null) {
            try {
                Context.restore(previous);
            } catch (LinkageError e) {
                // nothing was set
            }
        }
    }
}
