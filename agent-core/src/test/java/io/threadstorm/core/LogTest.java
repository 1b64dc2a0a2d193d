package io.threadstorm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LogTest {

    /**
     * The exit hook and the sampler thread may ask for the logger at once while SLF4J is not yet initialized; a thread
     * that asks while the other initializes must get the real logger, not SLF4J's substitute, whose messages wait for
     * a replay that the JVM's halt after the exit hook cuts off. Each round loads the agent's logger and SLF4J afresh.
     */
    @Test
    void threadsAskingAtOnceAllGetTheRealLogger() throws Exception {
        URL[] urls = {
            Log.class.getProtectionDomain().getCodeSource().getLocation(),
            org.slf4j.LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation(),
            org.slf4j.simple.SimpleServiceProvider.class.getProtectionDomain().getCodeSource().getLocation()};
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<String> substitutes = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                try (URLClassLoader fresh = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
                    Method get = fresh.loadClass(Log.class.getName()).getDeclaredMethod("get");
                    get.setAccessible(true);
                    CyclicBarrier together = new CyclicBarrier(threads);
                    List<Future<Object>> loggers = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        loggers.add(pool.submit(() -> {
                            together.await();
                            return get.invoke(null);
                        }));
                    }
                    for (Future<Object> f : loggers) {
                        String type = f.get().getClass().getName();
                        if (type.contains("Substitute")) {
                            substitutes.add("round " + round + ": " + type);
                        }
                    }
                }
            }
            assertEquals(List.of(), substitutes);
        } finally {
            pool.shutdownNow();
        }
    }
}
