package io.threadstorm.bench;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * How the harness processes (which run with the agent) reach it: the JMX MBean {@code io.threadstorm:type=Agent}
 * that the agent registers, and, for an exact per-sample time, the agent's own {@code Sampler} found by
 * reflection through the {@code threadstorm-sampler} thread (needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}).
 */
final class AgentMBeans {

    static final String NAME = "io.threadstorm:type=Agent";

    private AgentMBeans() {
    }

    /** The agent's MBean name once registered (the sampler thread registers it shortly after start). */
    static ObjectName await(long timeoutMillis) throws Exception {
        MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(NAME);
        long end = System.currentTimeMillis() + timeoutMillis;
        while (!mbs.isRegistered(name)) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("the agent's MBean " + NAME + " is not registered after "
                        + timeoutMillis + " ms: is -javaagent on the command line?");
            }
            Thread.sleep(20);
        }
        return name;
    }

    static String invoke(ObjectName name, String operation) throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(name, operation, null, null);
    }

    /** A handle on {@code Sampler.sample()} of the running agent. */
    static final class DirectSampler {
        private final Object sampler;
        private final Method sample;

        private DirectSampler(Object sampler, Method sample) {
            this.sampler = sampler;
            this.sample = sample;
        }

        Object sample() throws Exception {
            return sample.invoke(sampler);
        }

        /** Finds the agent's sampler, or throws with the reason. */
        static DirectSampler find() throws Exception {
            Thread samplerThread = null;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("threadstorm-sampler")) {
                    samplerThread = t;
                }
            }
            if (samplerThread == null) {
                throw new IllegalStateException("no threadstorm-sampler thread");
            }
            Object task = runnableOf(samplerThread);
            Object agent = null;
            for (Field f : task.getClass().getDeclaredFields()) {
                f.setAccessible(true);
                Object v = f.get(task);
                if (v != null && v.getClass().getName().equals("io.threadstorm.core.AgentRuntime")) {
                    agent = v;
                }
            }
            if (agent == null) {
                throw new IllegalStateException("the sampler thread's task " + task.getClass() + " holds no Agent");
            }
            Field f = agent.getClass().getDeclaredField("sampler");
            f.setAccessible(true);
            Object sampler = f.get(agent);
            Method m = sampler.getClass().getMethod("sample");
            m.setAccessible(true);
            return new DirectSampler(sampler, m);
        }

        private static Object runnableOf(Thread t) throws ReflectiveOperationException {
            try {
                Field target = Thread.class.getDeclaredField("target"); // JDK 17
                target.setAccessible(true);
                return target.get(t);
            } catch (NoSuchFieldException newer) {
                Field holder = Thread.class.getDeclaredField("holder"); // JDK 19+
                holder.setAccessible(true);
                Object h = holder.get(t);
                Field task = h.getClass().getDeclaredField("task");
                task.setAccessible(true);
                return task.get(h);
            }
        }
    }
}
