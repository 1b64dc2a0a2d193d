package io.threadstorm.junit;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The threads alive when the run's first check began ({@code threadstorm.junit.baseline=suite}), for suites whose
 * long-lived fixtures outlive every test: they never count, nor (with the agent) do new threads of their creation
 * sites, such as new workers of a fixture's pool.
 */
final class Baseline {

    /** No baseline: {@code threadstorm.junit.baseline=test}, the default. */
    static final Baseline NONE = new Baseline(Set.of(), Set.of());

    private final Set<Long> ids;
    private final Set<String> sites;

    private Baseline(Set<Long> ids, Set<String> sites) {
        this.ids = ids;
        this.sites = sites;
    }

    /** The threads alive now. */
    static Baseline of(List<LiveThread> alive) {
        Set<Long> ids = new HashSet<>();
        Set<String> sites = new HashSet<>();
        for (LiveThread t : alive) {
            ids.add(t.id());
            if (t.site() != null && t.site().known()) {
                sites.add(t.site().id());
            }
        }
        return new Baseline(Set.copyOf(ids), Set.copyOf(sites));
    }

    /** Whether the thread was alive at the baseline, or comes from the creation site of one that was. */
    boolean covers(LiveThread t) {
        return ids.contains(t.id()) || t.site() != null && t.site().known() && sites.contains(t.site().id());
    }
}
