package io.threadstorm.classify;

import java.util.List;

/** No wait explains the threads: most examples are running, or none was sampled. */
final class UnknownCause extends CauseUnit {

    private static final double STRENGTH = 0.2;

    @Override
    Category category() {
        return Category.UNKNOWN;
    }

    @Override
    double strength(SiteReading r) {
        return STRENGTH;
    }

    /** Most examples are running: the site may grow, but nothing shows why its threads would not end. */
    @Override
    double confidence(SiteReading r) {
        return STRENGTH * (1 - r.share() / 2);
    }

    @Override
    void evidence(SiteReading r, List<String> out) {
        out.add(r.counted("are") + " RUNNABLE and not stuck: " + running(r) + ".");
    }

    private static String running(SiteReading r) {
        int changing = 0;
        int known = 0;
        double cpu = 0;
        for (WaitReading w : r.agreeing()) {
            if (!w.sample().stackUnchanged()) {
                changing++;
            }
            if (w.sample().cpuShare() >= 0) {
                known++;
                cpu += w.sample().cpuShare();
            }
        }
        String out = changing + " changed frames since the previous sample";
        if (known > 0) {
            out += ", and they used " + JdkFrames.percent(cpu / known) + " of a core on average";
        }
        StackTraceElement at = r.waitingAt();
        return out + (at == null ? "" : ", at " + JdkFrames.text(at));
    }

    @Override
    String genericFix() {
        return "Read the example stacks: no known wait pattern matched.";
    }
}
