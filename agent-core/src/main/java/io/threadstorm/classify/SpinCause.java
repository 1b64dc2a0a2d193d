package io.threadstorm.classify;

import java.util.List;

/**
 * Runnable threads burning CPU at the same frames. No frame shows it: the reading sees it from the state, the CPU
 * and a stack that did not move ({@link WaitPoints#isSpinning}).
 */
final class SpinCause extends CauseUnit {

    @Override
    Category category() {
        return Category.BUSY_SPIN;
    }

    @Override
    double strength(SiteReading r) {
        return 0.8;
    }

    @Override
    void evidence(SiteReading r, List<String> out) {
        String at = JdkFrames.text(r.waitingAt());
        out.add(r.counted("are") + " RUNNABLE at the same frames as at the previous sample, using "
                + JdkFrames.percent(r.avgCpu()) + " of a core each on average" + sharing(r)
                + (at == null ? "" : ", at " + at) + ".");
    }

    /** " (about 12 runnable threads share 2 cores)" when the site's threads compete for the CPU. */
    private static String sharing(SiteReading r) {
        int cores = Runtime.getRuntime().availableProcessors();
        int competing = Classifier.competingRunnable(r.facts(), r.all().stream().map(WaitReading::sample).toList());
        return competing > cores ? " (about " + competing + " runnable threads share " + cores + " cores)" : "";
    }

    @Override
    String genericFix() {
        return "Wait on a queue, latch or condition instead of polling in a loop, or back off between checks, and give"
                + " the loop an exit condition.";
    }

    @Override
    String fix(SiteReading r, String at) {
        return "The loop at " + at + " runs without blocking: wait on a queue, latch or condition instead of polling,"
                + " or back off between checks, and give it an exit condition.";
    }
}
