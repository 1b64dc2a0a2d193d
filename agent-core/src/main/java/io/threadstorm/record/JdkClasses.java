package io.threadstorm.record;

import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** JDK classes the agent reaches by name, because they are internal or newer than Java 17. */
public final class JdkClasses {

    /** {@code java.lang.VirtualThread}, or {@code null} before JDK 21. */
    public static final Class<?> VIRTUAL_THREAD = find("java.lang.VirtualThread");

    private JdkClasses() {
    }

    /** The JDK class {@code name}, not initialized, or {@code null} when this JDK has none. Never throws. */
    public static Class<?> find(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /**
     * Opens {@code packages} of {@code java.base} to the agent's own module, so that it may read their private
     * fields; {@code inst} {@code null}: they are open already (as with {@code --add-opens}). Throws as
     * {@link Instrumentation#redefineModule} does, for instance for a package this JDK lacks.
     */
    public static void open(Instrumentation inst, String... packages) {
        if (inst == null) {
            return;
        }
        Set<Module> us = Set.of(JdkClasses.class.getModule());
        Map<String, Set<Module>> opens = new HashMap<>();
        for (String p : packages) {
            opens.put(p, us);
        }
        inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(), opens, Set.of(), Map.of());
    }
}
