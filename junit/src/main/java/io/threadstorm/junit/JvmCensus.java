package io.threadstorm.junit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The platform threads of this JVM, from {@link Thread#getAllStackTraces()}: no creation sites, no virtual threads. */
final class JvmCensus implements Census {

    @Override
    public List<LiveThread> take() {
        List<LiveThread> threads = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            List<String> stack = Arrays.stream(e.getValue()).map(StackTraceElement::toString).toList();
            threads.add(new LiveThread(t.getId(), t.getName(), t.getState().name(), t.isDaemon(), false, stack, null,
                    t));
        }
        return threads;
    }

    @Override
    public String note() {
        return "Current stacks shown; run the tests with -javaagent:threadstorm-agent.jar to see where each thread "
                + "was started (and to see virtual threads).";
    }
}
