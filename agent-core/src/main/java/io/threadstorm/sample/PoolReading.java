package io.threadstorm.sample;

/**
 * What one sample read of an executor behind a site ({@link io.threadstorm.record.ExecutorRecord}): when it was first read, when its completed-task count last
 * moved, when its own periodic task was last seen at the head of its queue, and when a worker was last seen running
 * a task (0: never).
 */
record PoolReading(long firstReadMillis, long progressMillis, long periodicSeenMillis, long activeSeenMillis) {
}
