package io.threadstorm.core;

import io.threadstorm.record.JdkClasses;
import java.lang.instrument.Instrumentation;
import java.util.Properties;

/**
 * {@code AgentEntry}'s one call into the isolated loader: reads the options and, unless they refuse (decided before
 * any class is defined in the boot loader, so a disabled agent leaves no trace), starts the agent; and tells what
 * became of each load to a later {@code attach} through the JVM's agent properties (which the attach API reads; the
 * application's system properties stay untouched).
 */
public final class Startup implements java.util.function.Predicate<Object[]> {

    /** Agent property: {@code running (...)} or {@code disabled: <why>}. */
    public static final String STATE = "threadstorm.agent";
    /** Agent property: how many loads the running agent ignored as second copies. */
    public static final String IGNORED_LOADS = "threadstorm.ignoredLoads";

    /** For {@code AgentEntry} only, which calls {@link #test} on it. */
    public Startup() {
    }

    /**
     * {@code AgentEntry}'s one call into this loader: {@link #start} with {@code {args, inst, attached, jar}}. Through
     * a JDK interface, since a reflected call costs a cold start tens of milliseconds from JDK 18.
     */
    @Override
    public boolean test(Object[] a) {
        return start((String) a[0], (Instrumentation) a[1], (Boolean) a[2], (java.nio.file.Path) a[3]);
    }

    /**
     * Starts the agent in this loader unless its options refuse: defines the bootstrap classes in the boot loader,
     * then starts {@link AgentRuntime}, and records the outcome for a later {@code attach}. Returns whether it got past
     * the options (a second load is then ignored, even if the start failed). Prints one line when refused or failed;
     * never throws.
     */
    public static boolean start(String args, Instrumentation inst, boolean attached, java.nio.file.Path jar) {
        Options options = null;
        String refusal;
        try {
            options = Options.parse(args, System.getProperties(), System.getenv());
            refusal = options.enabled() ? null : "";
        } catch (IllegalArgumentException e) {
            refusal = "threadstorm: disabled: " + e.getMessage();
        } catch (RuntimeException | LinkageError e) {
            refusal = "threadstorm: disabled: " + e;
        }
        if (refusal != null) {
            if (!refusal.isEmpty()) {
                System.err.println(refusal);
            }
            tell(inst, refusal.isEmpty() ? "disabled: enabled=false" : refusal.replace("threadstorm: ", ""));
            return false;
        }
        try {
            // defined in the boot loader one by one: appending the jar to the boot class path would turn off class
            // data sharing for the application's classes (see BootstrapClasses)
            BootstrapClasses.inject(inst, jar);
            AgentRuntime.start(options, inst, attached, jar);
            tell(inst, "running (" + (attached ? "attached" : "-javaagent") + ")");
        } catch (Throwable t) {
            System.err.println("threadstorm: disabled: " + t);
        }
        return true;
    }

    /** Records the agent's state for a later {@code attach}. Never throws. */
    public static void tell(Instrumentation inst, String state) {
        java.util.Optional<Properties> p = agentProperties(inst); // no lambda: premain would spin its class
        if (p.isPresent()) {
            p.get().setProperty(STATE, state);
        }
    }

    /** Counts a load ignored because the agent already runs. Never throws. */
    public static void ignoredLoad(Instrumentation inst) {
        agentProperties(inst).ifPresent(p -> {
            synchronized (p) {
                long n = 0;
                try {
                    n = Long.parseLong(p.getProperty(IGNORED_LOADS, "0"));
                } catch (NumberFormatException e) {
                    n = 0;
                }
                p.setProperty(IGNORED_LOADS, Long.toString(n + 1));
            }
        });
    }

    /** The JVM's agent properties ({@code jdk.internal.vm.VMSupport}), or empty where they cannot be reached. */
    private static java.util.Optional<Properties> agentProperties(Instrumentation inst) {
        try {
            JdkClasses.open(inst, "jdk.internal.vm");
            Class<?> support = Class.forName("jdk.internal.vm.VMSupport", true, null);
            Object props = support.getMethod("getAgentProperties").invoke(null);
            return props instanceof Properties p ? java.util.Optional.of(p) : java.util.Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return java.util.Optional.empty();
        }
    }
}
