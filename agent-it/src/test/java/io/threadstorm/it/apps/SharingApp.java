package io.threadstorm.it.apps;

/**
 * Run from a jar whose classes sit in a class data sharing archive: prints where the bootstrap classes live and whether
 * the application can reach the JDK internal package the agent uses to define them (it must not).
 */
public final class SharingApp {

    private SharingApp() {
    }

    public static void main(String[] args) throws Exception {
        try {
            Class<?> recorder = Class.forName("io.threadstorm.bootstrap.Recorder", false, null);
            System.out.println("recorder loader " + recorder.getClassLoader());
        } catch (ClassNotFoundException e) {
            System.out.println("no recorder"); // run without the agent
        }
        String unsafe;
        try {
            Class.forName("jdk.internal.misc.Unsafe").getMethod("getUnsafe").invoke(null);
            unsafe = "REACHABLE";
        } catch (IllegalAccessException e) {
            unsafe = "closed";
        }
        System.out.println("jdk.internal.misc " + unsafe);
        Thread t = new Thread(() -> System.out.println("thread ran"));
        t.start();
        t.join();
        System.out.println("main ran");
    }
}
