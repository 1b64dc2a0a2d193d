package io.threadstorm.classify;

import java.util.Arrays;
import java.util.List;

/** A set of {@link FramePattern}s: a frame matches when any of them does. */
record FramePatterns(List<FramePattern> patterns) {

    FramePatterns {
        patterns = List.copyOf(patterns);
    }

    static FramePatterns of(String... patterns) {
        return new FramePatterns(Arrays.stream(patterns).map(FramePattern::of).toList());
    }

    boolean matches(StackTraceElement frame) {
        for (FramePattern p : patterns) {
            if (p.matches(frame)) {
                return true;
            }
        }
        return false;
    }
}
