package io.threadstorm.classify;

import java.util.List;
import java.util.Locale;

/** java.util.Timer or a scheduled pool never cancelled. */
final class TimerCause extends CauseUnit {

    static final String DELAYED_WORK_QUEUE_TAKE =
            "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take";

    @Override
    Category category() {
        return Category.TIMER_NEVER_CANCELLED;
    }

    /** A scheduled pool waiting for a task that is due later is a timer nobody cancelled (see {@link PoolCause}). */
    @Override
    List<WaitRule> rules() {
        return List.of(
                WaitRule.of(Category.TIMER_NEVER_CANCELLED, WaitRule.LOOP, "java.util.Timer's TimerThread.mainLoop",
                        "java.util.TimerThread.mainLoop"),
                WaitRule.of(Category.TIMER_NEVER_CANCELLED, WaitRule.LOOP,
                        "ScheduledThreadPoolExecutor$DelayedWorkQueue.take", DELAYED_WORK_QUEUE_TAKE)
                        .when(WaitRule.Timing.TIMED));
    }

    /** Many timers created and none cancelled is the signature; one long-lived scheduler is how timers are used. */
    @Override
    double strength(SiteReading r) {
        SiteFacts f = r.facts();
        int created = r.javaUtilTimer() ? f.timersCreated() : f.poolsCreated();
        int ended = r.javaUtilTimer() ? f.timersCancelled() : f.poolsShutDown();
        if (created >= 2) {
            return ended == 0 ? 0.95 : 0.85;
        }
        return created == 1 ? 0.6 : 0.85;
    }

    @Override
    void evidence(SiteReading r, List<String> out) {
        SiteFacts f = r.facts();
        String where = f.frame() != null ? f.frame() : "this site";
        if (r.javaUtilTimer()) {
            out.add(r.counted("are java.util.Timer threads", "is a java.util.Timer thread")
                    + " waiting in TimerThread.mainLoop for the next task ("
                    + (r.allTimed() ? "one is scheduled" : "none is scheduled") + ").");
            if (f.timersCreated() > 0) {
                out.add(String.format(Locale.ROOT, "%d Timer%s created at %s, %s.", f.timersCreated(),
                        f.timersCreated() == 1 ? "" : "s", where, f.timersCancelled() == 0 ? "none cancelled"
                                : f.timersCancelled() + " cancelled"));
            }
        } else {
            out.add(r.counted("are ScheduledThreadPoolExecutor workers", "is a ScheduledThreadPoolExecutor worker")
                    + " waiting in DelayedWorkQueue.take for a task that is due later.");
            if (f.poolsCreated() > 0) {
                String pools = f.poolCreationFrame() != null ? f.poolCreationFrame() : where;
                out.add(String.format(Locale.ROOT, "%d scheduled executor%s created at %s, %s.", f.poolsCreated(),
                        f.poolsCreated() == 1 ? "" : "s", pools, PoolCause.shutDown(f.poolsShutDown())));
            }
        }
    }

    @Override
    String genericFix() {
        return "Cancel each Timer (cancel()) or shut down each scheduled executor when its owner is closed, or share"
                + " one scheduler instead of one per call.";
    }

    @Override
    boolean libraryObjectOwns(SiteReading r) {
        return true;
    }

    @Override
    String fix(SiteReading r, String at) {
        SiteFacts f = r.facts();
        boolean timer = r.javaUtilTimer();
        String where = SiteReading.firstKnown(timer ? null : f.poolCreationFrame(), f.frame());
        String created = where == null ? "" : " created at " + where;
        return timer
                ? "Cancel the java.util.Timer" + created + " (timer.cancel()) when its owner is closed, or share one"
                + " scheduler instead of a Timer per call."
                : "Shut down the scheduled executor" + created + " when its owner is closed (and cancel its"
                + " ScheduledFutures), or share one scheduler instead of one per call.";
    }
}
