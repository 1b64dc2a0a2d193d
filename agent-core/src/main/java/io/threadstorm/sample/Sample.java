package io.threadstorm.sample;

import java.util.List;

/**
 * Everything one sampling pass saw.
 *
 * @param millis                wall-clock time of the sample
 * @param liveThreads           live platform threads (ThreadMXBean) plus live tracked virtual threads
 * @param virtualThreads        live tracked virtual threads
 * @param filteredSystemThreads JVM and agent threads left out of the analysis
 * @param sites                 every thread site with at least one live thread
 */
public record Sample(long millis, int liveThreads, int virtualThreads, int filteredSystemThreads,
                     List<SiteSample> sites) {
}
