package io.threadstorm.dump;

/**
 * Reads one stack frame as dumps write it, in either of the two notations:
 * <ul>
 *   <li>{@code Thread.print}: the module sits inside the parentheses,
 *       {@code java.lang.Object.wait(java.base@17.0.15/Native Method)};</li>
 *   <li>{@code StackTraceElement.toString()} (the {@code Thread.dump_to_file} formats): class loader and module
 *       come first, {@code java.base/java.lang.Thread.run(Thread.java:1474)}, {@code app//com.acme.X.y(X.java:3)}.</li>
 * </ul>
 * The result keeps loader, module and version, so its {@code toString()} is the {@code StackTraceElement} form.
 */
final class FrameText {

    private FrameText() {
    }

    /**
     * @param text a frame, with or without a leading {@code at }
     * @return the frame, or {@code null} when the text is not one
     */
    static StackTraceElement parse(String text) {
        String s = text.strip();
        if (s.startsWith("at ")) {
            s = s.substring(3).stripLeading();
        }
        int open = s.indexOf('(');
        if (open <= 0 || !s.endsWith(")") || s.indexOf(' ') >= 0 && s.indexOf(' ') < open) {
            return null;
        }
        Head head = head(s.substring(0, open));
        if (head == null) {
            return null;
        }
        String location = s.substring(open + 1, s.length() - 1);
        String module = head.module;
        String version = head.version;
        // Thread.print writes the module inside the parentheses: "java.base@17.0.15/Thread.java:840"
        int slash = location.lastIndexOf('/');
        if (slash >= 0) {
            String[] mv = moduleAndVersion(location.substring(0, slash));
            if (module == null) {
                module = mv[0];
                version = mv[1];
            }
            location = location.substring(slash + 1);
        }
        String file;
        int line;
        if (location.equals("Native Method")) {
            file = null;
            line = -2;
        } else if (location.equals("Unknown Source") || location.isEmpty()) {
            file = null;
            line = -1;
        } else {
            int colon = location.lastIndexOf(':');
            if (colon > 0 && isDigits(location, colon + 1)) {
                file = location.substring(0, colon);
                line = Integer.parseInt(location.substring(colon + 1));
            } else {
                file = location;
                line = -1;
            }
        }
        return new StackTraceElement(head.loader, module, version, head.className, head.method, file, line);
    }

    private record Head(String loader, String module, String version, String className, String method) {
    }

    /** {@code [loader/][module[@version]/]class.method}, where a hidden class's {@code /0x…} belongs to the class. */
    private static Head head(String head) {
        String[] prefixes = new String[2];
        int count = 0;
        int start = 0;
        for (int i = 0; i < head.length(); i++) {
            if (head.charAt(i) == '/' && !head.startsWith("0x", i + 1)) {
                if (count == 2) {
                    return null;
                }
                prefixes[count++] = head.substring(start, i);
                start = i + 1;
            }
        }
        String qualified = head.substring(start);
        int dot = qualified.lastIndexOf('.');
        if (dot <= 0 || dot == qualified.length() - 1) {
            return null;
        }
        String loader = null;
        String moduleText = null;
        if (count == 2) {
            loader = prefixes[0].isEmpty() ? null : prefixes[0];
            moduleText = prefixes[1];
        } else if (count == 1) {
            moduleText = prefixes[0];
        }
        String[] mv = moduleAndVersion(moduleText);
        return new Head(loader, mv[0], mv[1], qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    private static String[] moduleAndVersion(String text) {
        if (text == null || text.isEmpty()) {
            return new String[2];
        }
        int at = text.indexOf('@');
        return at < 0 ? new String[] {text, null} : new String[] {text.substring(0, at), text.substring(at + 1)};
    }

    private static boolean isDigits(String s, int from) {
        if (from >= s.length()) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
