package io.threadstorm.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The agent jar's entry points: {@code premain} for {@code -javaagent}, {@code agentmain} for dynamic attach and
 * {@code main} for the command line. It does as little as possible: creates the isolated loader, which defines the
 * bootstrap classes in the boot loader, and hands over. It never lets an exception reach the application.
 */
public final class AgentEntry {

    private static boolean started;
    /** The isolated loader of the running agent. */
    private static ClassLoader loader;

    private AgentEntry() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    public static void main(String[] args) throws Throwable {
        // The command line runs with the jar on the class path: the bootstrap classes come from it directly.
        ClassLoader loader = new AgentClassLoader(jarPath(), AgentEntry.class.getClassLoader());
        try {
            loader.loadClass("io.threadstorm.cli.Main").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static synchronized void start(String args, Instrumentation inst, boolean attached) {
        if (started) {
            System.err.println("threadstorm: already loaded in this JVM; ignoring the second load");
            startup("ignoredLoad", inst);
            return;
        }
        try {
            Path jar = jarPath();
            ClassLoader isolated = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader());
            // The options decide before anything touches the JVM: a disabled agent defines nothing in the boot loader.
            Class<?> startup = isolated.loadClass("io.threadstorm.core.Startup");
            String refusal = (String) startup.getMethod("refusal", String.class).invoke(null, args);
            if (refusal != null) {
                if (!refusal.isEmpty()) {
                    System.err.println(refusal);
                }
                startup.getMethod("tell", Instrumentation.class, String.class).invoke(null, inst,
                        refusal.isEmpty() ? "disabled: enabled=false" : refusal.replace("threadstorm: ", ""));
                return;
            }
            started = true;
            loader = isolated;
            // defined in the boot loader one by one: appending the jar to the boot class path would turn off class
            // data sharing for the application's classes (see BootstrapClasses)
            isolated.loadClass("io.threadstorm.core.BootstrapClasses").getMethod("inject", Instrumentation.class,
                    Path.class).invoke(null, inst, jar);
            isolated.loadClass("io.threadstorm.core.AgentRuntime")
                    .getMethod("start", String.class, Instrumentation.class, boolean.class, Path.class)
                    .invoke(null, args, inst, attached, jar);
            startup.getMethod("tell", Instrumentation.class, String.class).invoke(null, inst,
                    "running (" + (attached ? "attached" : "-javaagent") + ")");
        } catch (InvocationTargetException e) {
            System.err.println("threadstorm: disabled: " + e.getCause());
        } catch (Throwable t) {
            System.err.println("threadstorm: disabled: " + t);
        }
    }

    /** Calls {@code Startup.<method>(inst)} in the running agent's loader. Never throws. */
    private static void startup(String method, Instrumentation inst) {
        try {
            if (loader != null) {
                loader.loadClass("io.threadstorm.core.Startup").getMethod(method, Instrumentation.class)
                        .invoke(null, inst);
            }
        } catch (Throwable ignored) {
            // attach then cannot tell; the second load is ignored all the same
        }
    }

    private static Path jarPath() throws URISyntaxException {
        return Path.of(AgentEntry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
