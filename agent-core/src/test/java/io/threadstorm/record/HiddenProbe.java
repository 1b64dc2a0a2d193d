package io.threadstorm.record;

/** A task class whose bytes {@link TaskSitesTest} defines again as a hidden class, which can be unloaded. */
final class HiddenProbe implements Runnable {
    @Override
    public void run() {
    }
}
