package io.threadstorm.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry of cause units: one per category, explicit priorities, and a wait table made of their rows. */
class CausesTest {

    @Test
    void everyCategoryHasExactlyOneUnit() {
        assertEquals(Arrays.asList(Category.values()), Causes.PRIORITY.stream().map(CauseUnit::category).sorted()
                .toList());
        for (Category c : Category.values()) {
            assertEquals(c, Causes.of(c).category());
            assertFalse(Causes.of(c).genericFix().isBlank(), c.name());
        }
        assertEquals(Category.UNKNOWN, Causes.of(null).category(), "running threads are the unknown cause");
    }

    @Test
    void tiesGoToTheEarlierCauseAndRunningComesLast() {
        assertTrue(Causes.PREFERENCE.compare(Category.QUEUE_HANDOFF, Category.WAITING) < 0);
        assertTrue(Causes.PREFERENCE.compare(Category.WAITING, Category.UNKNOWN) < 0);
        assertTrue(Causes.PREFERENCE.compare(Category.UNKNOWN, null) < 0);
        List<Category> listed = Causes.PRIORITY.stream().map(CauseUnit::category).toList();
        assertEquals(Category.WAITING, listed.get(listed.size() - 2), "a bare wait loses every tie but unknown");
    }

    @Test
    void theWaitTableIsEveryUnitsRowsMostTellingFirst() {
        int rows = Causes.PRIORITY.stream().mapToInt(u -> u.rules().size()).sum();
        assertEquals(rows, Causes.WAIT_TABLE.size());
        for (int i = 1; i < Causes.WAIT_TABLE.size(); i++) {
            assertTrue(Causes.WAIT_TABLE.get(i - 1).rank() >= Causes.WAIT_TABLE.get(i).rank(), "row " + i);
        }
        for (CauseUnit u : Causes.PRIORITY) {
            u.rules().forEach(r -> assertEquals(u.category(), r.category(), "a unit's rows show its own cause"));
        }
    }
}
