package io.threadstorm.sample;

import io.threadstorm.classify.DeadlockCycle;
import io.threadstorm.classify.ThreadSample;
import io.threadstorm.record.Site;
import java.util.List;
import java.util.Map;

/**
 * One thread site at one sample.
 *
 * @param site          the creation site
 * @param live          live threads (after filters)
 * @param started       threads ever started at the site
 * @param ended         threads seen ended
 * @param states        live threads by {@code Thread.State} name
 * @param stuckRatio    estimated share of live threads that are stuck (blocked, waiting, parked, in an idle native
 *                      wait, or spinning); idle workers of a single shared pool do not count
 * @param stuckUnlessBusy the same share when only a busy thread counts as having made progress (one that used at
 *                      least {@code ProgressWindow.BUSY_SHARE} of a core over the window, or progressed outside a
 *                      selector): threads that wake up on their own timers (a selector's
 *                      timeout, a reconnect back-off) and go back to waiting count as stuck, and pools serve only
 *                      when they were also seen running tasks (not only completing a timer's ticks)
 * @param avgAgeSeconds average age of the live threads
 * @param maxAgeSeconds the oldest
 * @param examples      a few of its threads with stacks (the oldest first); empty below the sampling threshold
 * @param owners        distinct executors or timers the threads belong to
 * @param ownersShutDown how many of those were shut down or cancelled
 * @param ownerFrame    where those executors or timers were created, or {@code null}
 * @param deadlocks     deadlock cycles that involve threads of this site
 * @param awaitedFuture where a future that one of its threads waits for was created (a sampled creation), or
 *                      {@code null}
 */
public record SiteSample(Site site, int live, long started, long ended, Map<String, Integer> states,
                         double stuckRatio, double stuckUnlessBusy, double avgAgeSeconds, double maxAgeSeconds, List<ThreadSample> examples,
                         int owners, int ownersShutDown, String ownerFrame, List<DeadlockCycle> deadlocks,
                         Site awaitedFuture) {
}
