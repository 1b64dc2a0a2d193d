package io.threadstorm.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every cause the classifier knows, in priority order: when as many examples show two causes, the one listed first
 * wins (a specific cause before a bare wait, any wait before "unknown"). The wait table is the units' rows, the
 * more telling rank first; within a rank, in this order.
 */
final class Causes {

    /** Ties between causes go to the earlier one. */
    static final List<CauseUnit> PRIORITY = List.of(new QueueCause(), new PoolCause(), new LatchCause(),
            new TimerCause(), new FutureCause(), new DeadlockCause(), new LockCause(), new SleepCause(),
            new IoCause(), new SpinCause(), new WaitCause(), new UnknownCause());

    private static final Map<Category, CauseUnit> BY_CATEGORY = new EnumMap<>(Category.class);
    private static final Map<Category, Integer> RANK = new EnumMap<>(Category.class);

    static {
        for (CauseUnit u : PRIORITY) {
            if (BY_CATEGORY.put(u.category(), u) != null) {
                throw new IllegalStateException("two units for " + u.category());
            }
            RANK.put(u.category(), RANK.size());
        }
    }

    /** The wait table: every unit's rows, highest rank first, then in priority order. */
    static final List<WaitRule> WAIT_TABLE = waitTable();

    private Causes() {
    }

    /** The unit for a category; {@code null} (most examples are running) is the unknown cause. */
    static CauseUnit of(Category category) {
        CauseUnit u = BY_CATEGORY.get(category == null ? Category.UNKNOWN : category);
        if (u == null) {
            throw new IllegalStateException("no unit for " + category);
        }
        return u;
    }

    /** Orders causes by priority; {@code null} (running) last. */
    static final Comparator<Category> PREFERENCE = Comparator.nullsLast(Comparator.comparingInt(RANK::get));

    private static List<WaitRule> waitTable() {
        List<WaitRule> rows = new ArrayList<>();
        for (CauseUnit u : PRIORITY) {
            rows.addAll(u.rules());
        }
        rows.sort(Comparator.comparingInt(WaitRule::rank).reversed()); // stable: priority order within a rank
        return List.copyOf(rows);
    }
}
