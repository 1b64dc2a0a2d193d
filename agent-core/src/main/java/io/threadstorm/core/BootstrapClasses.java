package io.threadstorm.core;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
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
                appendedBecause = e.toString(); // the logger is not set up yet: AgentRuntime logs it
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
        return false;
    }

    /** Why the bootstrap classes went onto the boot class path (class sharing then off), or {@code null}. */
    static String appendedBecause() {
        return appendedBecause;
    }

    /** The class advice calls, from which the others are found. */
    static final String ROOT = PACKAGE + "Recorder";

    /**
     * The bootstrap classes of the jar: binary name and bytes. They are found from {@link #ROOT} through the class
     * references in each class file's constant pool (nested classes included), not by listing the jar's six thousand
     * entries, which took 50 ms of a cold start.
     */
    static Map<String, byte[]> classesOf(JarFile jar) throws java.io.IOException {
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
        todo.add(ROOT); // not the copying constructor, whose lambda costs a spun class on start-up
        while (!todo.isEmpty()) {
            String internal = todo.poll();
            String name = internal.replace('/', '.');
            if (out.containsKey(name)) {
                continue;
            }
            JarEntry entry = jar.getJarEntry(internal + ".class");
            if (entry == null) {
                throw new IllegalStateException("no " + internal + ".class in the agent jar");
            }
            byte[] bytes;
            try (var in = jar.getInputStream(entry)) {
                bytes = in.readAllBytes();
            }
            out.put(name, bytes);
            for (String referenced : io.threadstorm.instrument.ClassFiles.classReferences(bytes)) {
                if (referenced.startsWith(PACKAGE) && referenced.indexOf('/', PACKAGE.length()) < 0) {
                    todo.add(referenced);
                }
            }
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
        Definer definer = new Definer(Class.forName("jdk.internal.misc.Unsafe"));
        List<String> pending = new ArrayList<>(classes.keySet());
        while (!pending.isEmpty()) {
            List<String> retry = new ArrayList<>();
            Throwable last = null;
            for (String name : pending) {
                if (io.threadstorm.record.JdkClasses.find(name) != null) { // in the boot loader already
                    continue; // a second agent jar in this JVM, or a retry after a partial attempt
                }
                byte[] bytes = classes.get(name);
                try {
                    definer.define(name, bytes);
                } catch (NoClassDefFoundError e) {
                    last = e;
                    retry.add(name);
                }
            }
            if (retry.size() == pending.size()) {
                throw new IllegalStateException("cannot define " + retry + " in the boot loader", last);
            }
            pending = retry;
        }
    }

    /**
     * Defines one class in the boot loader: {@code Unsafe.defineClass(name, bytes, 0, length, null, null)}. JDK 17
     * calls a reflected method natively, for nothing; from JDK 18 reflection goes through method handles, and the
     * first call of a six-argument method spins about thirty classes (some 35 ms of a cold start on JDK 25), where a
     * method handle bound to the instance and called with its exact type spins seven.
     */
    private static final class Definer {
        private final Object unsafe;
        private final Method method;
        private final MethodHandle handle;

        Definer(Class<?> unsafeType) throws ReflectiveOperationException {
            unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
            Class<?>[] parameters = {String.class, byte[].class, int.class, int.class, ClassLoader.class,
                    ProtectionDomain.class};
            boolean reflect = Runtime.version().feature() < 18;
            method = reflect ? unsafeType.getMethod("defineClass", parameters) : null;
            handle = reflect ? null : MethodHandles.lookup().findVirtual(unsafeType, "defineClass",
                    MethodType.methodType(Class.class, parameters)).bindTo(unsafe);
        }

        void define(String name, byte[] bytes) throws ReflectiveOperationException {
            if (method != null) {
                try {
                    method.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof LinkageError le) {
                        throw le;
                    }
                    throw e;
                }
                return;
            }
            try {
                // invokeExact needs the call's type to be the handle's, return type included: the result is unused
                Class<?> unused = (Class<?>) handle.invokeExact(name, bytes, 0, bytes.length, (ClassLoader) null,
                        (ProtectionDomain) null);
            } catch (LinkageError | RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw new InvocationTargetException(t);
            }
        }
    }
}
