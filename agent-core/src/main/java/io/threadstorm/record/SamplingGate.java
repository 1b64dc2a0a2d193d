package io.threadstorm.record;

import io.threadstorm.bootstrap.Recorder;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Opens and closes the window in which task submissions and future creations are sampled ({@link Recorder#window}).
 * A random draw on every call cost 1.5-2.5 ns, a tenth of an {@code execute} into a queue or of a future's creation;
 * outside a window a call now reads one flag. Within a window one call in {@link #windowRate} is drawn, and the
 * windows stay open for the share of time that makes it one call in {@code sampleRate} on average, for a steady
 * caller and a bursty one alike:
 * <ul>
 *   <li>a window lasts {@code PERIOD * windowRate / sampleRate} (4 ms at the default 1024), and the time closed
 *       after it is scaled on how long the window really lasted (longer when this thread waited for a core, up to
 *       twice as long), so the share holds under load;</li>
 *   <li>the time closed is drawn at random around its mean, so that the windows keep no phase with a period of the
 *       application's own (a job every 128 ms would otherwise always fall in, or always out);</li>
 *   <li>at a rate of {@link #WINDOW_RATE} or less (a boost while a suspect waits for futures no sample caught, or
 *       {@code sampleRate=1}) the window stays open and every call draws, as without a gate.</li>
 * </ul>
 * The thread wakes about sixteen times a second. If it ever stops, the window is left open with the full rate's
 * mask: every call draws again.
 */
public final class SamplingGate implements Runnable {

    /** Within a window, one call in at least this many is recorded. */
    static final int WINDOW_RATE = 32;
    /** A window and the time closed after it, on average. */
    static final long PERIOD_NANOS = 128_000_000L;
    /** How long the thread waits while the window stays open, before it looks at the rate again. */
    private static final long OPEN_WAIT_NANOS = 1_000_000_000L;

    private volatile int rate;
    private volatile Thread thread;
    private volatile boolean stopped;

    public SamplingGate(int sampleRate) {
        this.rate = Recorder.mask(sampleRate) + 1; // rounded up to a power of two, as the recorder rounds it
    }

    /**
     * One call in this many is drawn within a window, for {@code rate} (a power of two): all of {@code rate} up to
     * {@link #WINDOW_RATE} (the window then never closes), else enough that a window is open a 32nd of the time at
     * most, and never less than {@link #WINDOW_RATE}.
     */
    static int windowRate(int rate) {
        return rate <= WINDOW_RATE ? rate : Math.max(WINDOW_RATE, rate / WINDOW_RATE);
    }

    /** How long a window is asked to stay open at {@code rate} (a power of two above {@link #WINDOW_RATE}). */
    static long windowNanos(int rate) {
        return PERIOD_NANOS / rate * windowRate(rate);
    }

    /**
     * How long to stay closed after a window that stayed open {@code openNanos}, so that windows are open
     * {@code windowRate / rate} of the time: the mean, scaled by {@code jitter} (from 0 to 1, drawn at random) to
     * between half and one and a half times it. A window counts as open twice as long as asked at most: one that a
     * pause stretched (a long GC, a frozen container) would otherwise close the gate for thirty-one times the pause.
     */
    static long closedNanos(long openNanos, int rate, double jitter) {
        long open = Math.min(openNanos, MAX_OVERRUN * windowNanos(rate));
        long mean = open * (rate / windowRate(rate) - 1);
        return (long) (mean * (0.5 + jitter));
    }

    /** How many times as long as asked a window counts as open at most ({@link #closedNanos}). */
    private static final int MAX_OVERRUN = 2;

    /** Starts the gate's thread (the agent's own: never recorded, never analysed). */
    public void start() {
        Thread t = new Thread(this, "threadstorm-gate");
        t.setDaemon(true);
        thread = t;
        Recorder.startUntracked(t);
    }

    /** Changes the rate (a boost while a suspect waits for futures no sample caught); takes effect at once. */
    public void rate(int sampleRate) {
        int r = Recorder.mask(sampleRate) + 1;
        if (r == rate) {
            return;
        }
        Recorder.sampleRate(r);
        rate = r;
        if (windowRate(r) == r) {
            Recorder.window(true, r - 1);
        }
        LockSupport.unpark(thread);
    }

    Thread thread() {
        return thread;
    }

    /** Stops the thread; the window is left open with the full rate's mask (tests). */
    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                int r = rate;
                int inWindow = windowRate(r);
                if (inWindow == r) {
                    Recorder.window(true, r - 1);
                    waitUntil(System.nanoTime() + OPEN_WAIT_NANOS, r);
                    continue;
                }
                long opened = System.nanoTime();
                Recorder.window(true, inWindow - 1);
                if (!waitUntil(opened + windowNanos(r), r)) {
                    continue; // a new rate: it decides at once whether the window closes
                }
                Recorder.window(false, inWindow - 1);
                long open = System.nanoTime() - opened;
                waitUntil(System.nanoTime() + closedNanos(open, r, ThreadLocalRandom.current().nextDouble()), r);
            }
        } finally {
            Recorder.window(true, rate - 1); // without a gate every call draws, one in the rate
        }
    }

    /**
     * Waits until {@code deadline} ({@code System.nanoTime}); {@code false} as soon as the rate is no longer
     * {@code r} or the gate stops. An interrupt (some harnesses interrupt every thread) is cleared and the wait goes
     * on: it neither shortens a window nor makes the thread spin.
     */
    private boolean waitUntil(long deadline, int r) {
        while (true) {
            if (rate != r || stopped) {
                return false;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            LockSupport.parkNanos(this, left);
            Thread.interrupted();
        }
    }
}
