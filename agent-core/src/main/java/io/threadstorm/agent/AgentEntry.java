package io.threadstorm.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.function.Predicate;

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
            // No reflected method: from JDK 18 reflection calls through method handles, and the first call of a
            // four-argument method spun some twenty classes (35 ms of a cold start on JDK 25). A constructor without
            // arguments costs almost nothing, and the entry is called through a JDK interface both loaders share.
            // Startup decides on the options before anything touches the JVM.
            @SuppressWarnings("unchecked")
            Predicate<Object[]> entry = (Predicate<Object[]>) isolated.loadClass("io.threadstorm.core.Startup")
                    .getConstructor().newInstance();
            if (entry.test(new Object[] {args, inst, attached, jar})) {
                started = true;
                loader = isolated;
            }
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
