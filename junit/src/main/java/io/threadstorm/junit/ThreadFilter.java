package io.threadstorm.junit;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which new threads a check lets pass: {@link SystemThreads}, and the user's ignores by name and by frame.
 *
 * @param names  regular expressions a whole thread name may match
 * @param frames prefixes of the {@code class.method} of a frame anywhere in a thread's current stack
 */
record ThreadFilter(List<Pattern> names, List<String> frames) {

    /** Whether the thread never counts as a leak. */
    boolean ignores(LiveThread t) {
        return SystemThreads.isSystem(t)
                || names.stream().anyMatch(p -> p.matcher(t.name()).matches())
                || t.stack().stream().map(LiveThread::method).anyMatch(m -> frames.stream().anyMatch(m::startsWith));
    }
}
