package io.threadstorm.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The walk budget on a fake clock: a burst after a quiet spell, then the rate, whatever the number of calls. */
class WalkBudgetTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstThenTheRate() {
        WalkBudget b = new WalkBudget(4, 4);
        long now = 123 * SECOND;
        int taken = 0;
        for (int i = 0; i < 1000; i++) {
            taken += b.take(now) ? 1 : 0;
        }
        assertEquals(4, taken, "the burst at once");
        assertFalse(b.take(now + SECOND / 8), "nothing before a quarter second");
        assertTrue(b.take(now + SECOND / 4));
        taken = 0;
        for (long t = now + SECOND / 4; t < now + 11 * SECOND / 4; t += SECOND / 1000) {
            taken += b.take(t) ? 1 : 0;
        }
        assertEquals(9, taken, "then one each quarter second: at 0.5, 0.75 ... 2.5 s");
    }

    @Test
    void aQuietSpellRefillsOnlyTheBurst() {
        WalkBudget b = new WalkBudget(4, 2);
        long now = -5 * SECOND; // nanoTime may be negative
        assertTrue(b.take(now));
        assertTrue(b.take(now));
        assertFalse(b.take(now));
        int taken = 0;
        for (int i = 0; i < 100; i++) {
            taken += b.take(now + 60 * SECOND) ? 1 : 0;
        }
        assertEquals(2, taken);
    }

    @Test
    void aBoostRaisesTheRate() {
        WalkBudget b = new WalkBudget(4, 1);
        long now = 0;
        assertTrue(b.take(now));
        b.perSecond(64);
        assertTrue(b.take(now + SECOND / 4), "the step due at the old rate is kept");
        assertTrue(b.take(now + SECOND / 4 + SECOND / 64));
    }
}
