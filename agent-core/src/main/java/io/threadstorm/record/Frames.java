package io.threadstorm.record;

import java.util.List;

/**
 * Which frames belong to the JDK, to the agent, and to the application. The site's {@code frame} is the first
 * frame in the application packages, else the first frame outside the JDK, else the top frame.
 */
public final class Frames {

    private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "org.ietf.jgss.", "org.w3c.",
        "org.xml.sax."};
    private static final String[] AGENT = {"io.threadstorm.bootstrap.", "io.threadstorm.agent.",
        "io.threadstorm.core.", "io.threadstorm.record.", "io.threadstorm.instrument.", "io.threadstorm.sample.",
        "io.threadstorm.shaded."};

    private final List<String> appPackages;

    /** @param appPackages package prefixes of application code; empty for "anything outside the JDK" */
    public Frames(List<String> appPackages) {
        this.appPackages = List.copyOf(appPackages);
    }

    public List<String> appPackages() {
        return appPackages;
    }

    public static boolean isJdk(String className) {
        for (String p : JDK) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    public static boolean isAgent(String className) {
        for (String p : AGENT) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    public boolean isApp(String className) {
        for (String p : appPackages) {
            if (className.startsWith(p) && (className.length() == p.length() || p.endsWith(".")
                    || className.charAt(p.length()) == '.' || className.charAt(p.length()) == '$')) {
                return true;
            }
        }
        return false;
    }

    /**
     * The index of the first application frame of {@code stack} (with no application packages: the first frame
     * outside the JDK and the agent), or -1.
     */
    public int appIndex(List<StackTraceElement> stack) {
        for (int i = 0; i < stack.size(); i++) {
            String cls = stack.get(i).getClassName();
            if (appPackages.isEmpty() ? !isJdk(cls) && !isAgent(cls) : isApp(cls)) {
                return i;
            }
        }
        return -1;
    }

    /** The frame that names the site, as {@code StackTraceElement.toString()}; "unknown" for an empty stack. */
    public String siteFrame(List<StackTraceElement> stack) {
        if (stack.isEmpty()) {
            return "unknown";
        }
        for (StackTraceElement e : stack) {
            if (isApp(e.getClassName())) {
                return e.toString();
            }
        }
        for (StackTraceElement e : stack) {
            if (!isJdk(e.getClassName()) && !isAgent(e.getClassName())) {
                return e.toString();
            }
        }
        return stack.get(stack.size() - 1).toString();
    }
}
