package io.threadstorm.bench;

/**
 * The startup row's application: does nothing but print, as its last act, the monotonic clock (on Linux
 * {@code System.nanoTime()} is CLOCK_MONOTONIC, comparable across processes), so the harness can tell the
 * end of {@code main} from the end of the process (shutdown hooks, such as the agent's exit report).
 */
public final class TrivialMain {

    private TrivialMain() {
    }

    public static void main(String[] args) {
        // no string concatenation: its invokedynamic bootstrap alone costs a trivial main tens of milliseconds
        long end = System.nanoTime();
        System.out.print("END ");
        System.out.println(end);
    }
}
