package io.threadstorm.it.apps;

/**
 * Tries to load the agent's dependencies and core through the application's class loader: each must be invisible.
 * Prints one line per class, "hidden" or "VISIBLE".
 */
public final class IsolationApp {

    private IsolationApp() {
    }

    public static void main(String[] args) {
        String[] names = {
            "net.bytebuddy.jar.asm.ClassReader",
            "io.threadstorm.shaded.bytebuddy.jar.asm.ClassReader",
            "com.fasterxml.jackson.databind.ObjectMapper",
            "io.threadstorm.shaded.jackson.databind.ObjectMapper",
            "org.slf4j.LoggerFactory",
            "io.threadstorm.shaded.slf4j.LoggerFactory",
            "io.threadstorm.core.AgentRuntime",
        };
        ClassLoader app = IsolationApp.class.getClassLoader();
        for (String name : names) {
            boolean visible;
            try {
                Class.forName(name, false, app);
                visible = true;
            } catch (ClassNotFoundException e) {
                visible = app.getResource(name.replace('.', '/') + ".class") != null;
            }
            System.out.println(name + " " + (visible ? "VISIBLE" : "hidden"));
        }
        System.out.println("main ran");
    }
}
