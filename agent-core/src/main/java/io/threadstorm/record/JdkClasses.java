package io.threadstorm.record;

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
}
