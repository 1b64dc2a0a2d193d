package io.threadstorm.record;

/** A clock that moves only when a test moves it. */
public final class FakeTicker implements Ticker {

    private long millis;
    private long nanos;

    public FakeTicker(long startMillis) {
        this.millis = startMillis;
        this.nanos = 1_000_000_000L;
    }

    /** Moves both clocks forward. */
    public void advance(long byMillis) {
        millis += byMillis;
        nanos += byMillis * 1_000_000L;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public long nanos() {
        return nanos;
    }
}
