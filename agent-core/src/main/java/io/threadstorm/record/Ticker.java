package io.threadstorm.record;

/**
 * Where the agent reads the time: wall-clock milliseconds for ages and report times, a monotonic nanosecond count
 * for CPU shares. Injected into the tracker, the sampler and the registries so that tests run on a fake clock
 * instead of sleeping.
 */
public interface Ticker {

    /** The system's clocks. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanos() {
            return System.nanoTime();
        }
    };

    /** Milliseconds since the epoch. */
    long millis();

    /** A monotonic count of nanoseconds, for intervals only. */
    long nanos();
}
