package io.threadstorm.junit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code threadstorm.junit.onLeak=interrupt}: interrupts the threads a failing check leaked, waits a little for them
 * to end, and tells which ignored the interrupt.
 */
final class Zombies {

    /** How long the interrupted threads have to end. */
    static final Duration WAIT = Duration.ofSeconds(1);

    private Zombies() {
    }

    /** Interrupts the leaked threads and returns the lines that tell what came of it, for the failure message. */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+
    static String interrupt(List<LiveThread> leaked) {
        List<Thread> interrupted = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        for (LiveThread t : leaked) {
            Thread thread = t.thread();
            if (thread == null) {
                unreachable.add(describe(t.name(), t.id()));
            } else {
                try {
                    thread.interrupt();
                    interrupted.add(thread);
                } catch (RuntimeException e) {
                    unreachable.add(describe(t.name(), t.id()));
                }
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (Thread thread : interrupted) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left > 0) {
                try {
                    thread.join(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        List<String> ignored = new ArrayList<>();
        for (Thread thread : interrupted) {
            if (thread.isAlive()) {
                ignored.add(describe(thread.getName(), thread.getId()));
            }
        }
        StringBuilder out = new StringBuilder("Interrupted ").append(interrupted.size())
                .append(interrupted.size() == 1 ? " thread" : " threads").append(" (onLeak=interrupt): ");
        if (ignored.isEmpty()) {
            out.append(interrupted.isEmpty() ? "none could be reached." : "all ended.");
        } else {
            out.append(ignored.size()).append(" ignored the interrupt and ").append(ignored.size() == 1 ? "is" : "are")
                    .append(" still running ").append(WAIT.toMillis()).append(" ms later: ")
                    .append(String.join(", ", ignored)).append('.');
        }
        if (!unreachable.isEmpty()) {
            out.append(" Not interrupted (virtual, or not of this JVM's platform threads): ")
                    .append(String.join(", ", unreachable)).append('.');
        }
        return out.toString();
    }

    private static String describe(String name, long id) {
        return "\"" + name + "\" (id " + id + ")";
    }
}
