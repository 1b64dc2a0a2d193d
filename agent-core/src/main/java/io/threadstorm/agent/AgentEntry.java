package io.threadstorm.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.jar.JarFile;

/**
 * The agent jar's entry points: {@code premain} for {@code -javaagent}, {@code agentmain} for dynamic attach and
 * {@code main} for the command line. It does as little as possible: puts the bootstrap classes on the bootstrap
 * class path, creates the isolated loader and hands over. It never lets an exception reach the application.
 */
public final class AgentEntry {

    private static boolean started;

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
            return;
        }
        started = true;
        try {
            Path jar = jarPath();
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
            ClassLoader loader = new AgentClassLoader(jar, ClassLoader.getPlatformClassLoader());
            loader.loadClass("io.threadstorm.core.Agent")
                    .getMethod("start", String.class, Instrumentation.class, boolean.class, Path.class)
                    .invoke(null, args, inst, attached, jar);
        } catch (InvocationTargetException e) {
            System.err.println("threadstorm: disabled: " + e.getCause());
        } catch (Throwable t) {
            System.err.println("threadstorm: disabled: " + t);
        }
    }

    private static Path jarPath() throws URISyntaxException {
        return Path.of(AgentEntry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
