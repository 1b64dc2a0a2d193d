package io.threadstorm.classify;

import java.util.Locale;

/** Which frames belong to the JDK, and how frames are written in causes. */
public final class JdkFrames {

    /** Used when a frame carries no module (thread dumps, old JDKs); the same prefixes the recorder treats as JDK. */
    private static final String[] JDK_PACKAGES = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    private JdkFrames() {
    }

    static boolean isJdk(StackTraceElement frame) {
        String module = frame.getModuleName();
        if (module != null) {
            // a named module says it exactly: java.base, java.net.http, jdk.httpserver ...
            return module.startsWith("java.") || module.startsWith("jdk.");
        }
        String c = frame.getClassName();
        for (String p : JDK_PACKAGES) {
            if (c.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a frame written as text ({@code java.base@17.0.15/java.util.concurrent.ThreadPoolExecutor$Worker.run(
     * ThreadPoolExecutor.java:635)}, with or without its module) is the JDK's.
     */
    public static boolean isJdkFrameText(String frame) {
        int slash = frame.indexOf('/');
        int paren = frame.indexOf('(');
        if (slash >= 0 && (paren < 0 || slash < paren)) {
            String module = frame.substring(0, slash);
            if (module.startsWith("java.") || module.startsWith("jdk.")) {
                return true;
            }
            frame = frame.substring(slash + 1);
        }
        for (String p : JDK_PACKAGES) {
            if (frame.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Lambda and other hidden-class frames ({@code Foo$$Lambda$12/0x...}): they name no line a person can open. */
    static boolean isHidden(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.contains("$$Lambda") || c.contains("/0x");
    }

    /**
     * The frame as {@code StackTraceElement.toString()} prints it, without the class loader and module prefix
     * ({@code app//}, {@code java.base@17.0.15/}) so that the same frame reads the same on every JDK and in dumps.
     */
    static String text(StackTraceElement frame) {
        return frame == null ? null : new StackTraceElement(frame.getClassName(), frame.getMethodName(),
                frame.getFileName(), frame.getLineNumber()).toString();
    }

    /** {@code LinkedBlockingQueue.take}: the simple class name (nested names kept) and the method. */
    static String shortName(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.substring(c.lastIndexOf('.') + 1) + "." + frame.getMethodName();
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%d%%", Math.round(share * 100));
    }
}
