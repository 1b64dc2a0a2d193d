package io.threadstorm.classify;

import java.util.List;

/** Threads sleeping in a loop that never ends. */
final class SleepCause extends CauseUnit {

    @Override
    Category category() {
        return Category.SLEEPING;
    }

    @Override
    List<WaitRule> rules() {
        return List.of(WaitRule.of(Category.SLEEPING, WaitRule.CHANNEL, null, WaitPoints.SLEEP_FRAMES));
    }

    @Override
    double strength(SiteReading r) {
        return 0.85;
    }

    @Override
    void evidence(SiteReading r, List<String> out) {
        out.add(waitsIn(r, "sleep") + ".");
    }

    @Override
    String genericFix() {
        return "Give the sleeping loop an end: check a stop flag or interruption each round and stop it when its owner"
                + " is closed, or run it on a shared scheduler that is shut down.";
    }

    @Override
    String fix(SiteReading r, String at) {
        return "Give the loop that sleeps at " + at + " an end: check a stop flag or interruption each round and stop"
                + " it when its owner is closed, or run it on a shared scheduler that is shut down.";
    }
}
