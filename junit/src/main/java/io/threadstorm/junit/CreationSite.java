package io.threadstorm.junit;

/**
 * Where the agent saw a thread started (the {@code site} of a thread in the agent's snapshot, docs/snapshot.md).
 *
 * @param id    the site's stack hash, 16 hex digits; {@code null} for a thread started before the agent loaded
 * @param frame the first application frame of the start, a {@link StackTraceElement#toString()} text
 * @param kind  {@code platform}, {@code virtual}, {@code executor}, {@code timer} or {@code unknown}
 */
record CreationSite(String id, String frame, String kind) {

    /** Whether the agent knows the site: false for threads started before it loaded. */
    boolean known() {
        return id != null;
    }
}
