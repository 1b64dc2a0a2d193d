package io.threadstorm.core;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Puts the classes that advice inlined into JDK classes calls ({@code io/threadstorm/bootstrap/} in the agent jar) into
 * the bootstrap class loader. They are defined there one by one, through {@code jdk.internal.misc.Unsafe}, which
 * {@link Instrumentation#redefineModule} exports to this loader's unnamed module only (the application's loaders gain
 * nothing). Appending the jar to the bootstrap class path instead makes the JVM turn off class data sharing for every
 * class outside the boot loader (and JDK 25's AOT cache), and print {@code Sharing is only supported for boot loader
 * classes because bootstrap classpath has been appended}; defining classes changes no class path. Where the JDK
 * refuses, the jar is appended as before. Loaded in the isolated loader, before anything there links a bootstrap
 * class.
 */
public final class BootstrapClasses {

    static final String PACKAGE = "io/threadstorm/bootstrap/";

    /** Why the jar was appended instead, for the agent's log once it runs; {@code null} when the classes were defined. */
    private static volatile String appendedBecause;

    private BootstrapClasses() {
    }

    /**
     * Defines the bootstrap classes of {@code jar} in the boot loader; returns {@code true} when they were defined
     * (or already there), {@code false} when the jar was appended to the bootstrap class path instead.
     */
    public static boolean inject(Instrumentation inst, java.nio.file.Path jar) throws java.io.IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            try {
                define(inst, classesOf(file));
                return true;
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                appendedBecause = e.toString(); // the logger is not set up yet: Agent logs it
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
        return false;
    }

    /** Why the bootstrap classes went onto the boot class path (class sharing then off), or {@code null}. */
    static String appendedBecause() {
        return appendedBecause;
    }

    /** The bootstrap classes of the jar: binary name and bytes. */
    static Map<String, byte[]> classesOf(JarFile jar) throws java.io.IOException {
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            JarEntry entry = e.nextElement();
            String name = entry.getName();
            if (name.startsWith(PACKAGE) && name.endsWith(".class") && name.indexOf('/', PACKAGE.length()) < 0) {
                try (var in = jar.getInputStream(entry)) {
                    out.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no " + PACKAGE + " classes in the agent jar");
        }
        return out;
    }

    /**
     * Defines each class with no loader (the boot loader) and no protection domain. A class whose supertype is still
     * to come fails to link and is tried again after the others, so the jar's order does not matter.
     */
    static void define(Instrumentation inst, Map<String, byte[]> classes) throws ReflectiveOperationException {
        Module base = Object.class.getModule();
        inst.redefineModule(base, Set.of(), Map.of("jdk.internal.misc", Set.of(BootstrapClasses.class.getModule())),
                Map.of(), Set.of(), Map.of());
        Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
        Method defineClass = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        List<String> pending = new ArrayList<>(classes.keySet());
        while (!pending.isEmpty()) {
            List<String> retry = new ArrayList<>();
            Throwable last = null;
            for (String name : pending) {
                if (inBootLoader(name)) {
                    continue; // a second agent jar in this JVM, or a retry after a partial attempt
                }
                byte[] bytes = classes.get(name);
                try {
                    defineClass.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    if (!(e.getCause() instanceof NoClassDefFoundError)) {
                        throw e;
                    }
                    last = e.getCause();
                    retry.add(name);
                }
            }
            if (retry.size() == pending.size()) {
                throw new IllegalStateException("cannot define " + retry + " in the boot loader", last);
            }
            pending = retry;
        }
    }

    private static boolean inBootLoader(String name) {
        try {
            Class.forName(name, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
