package io.threadstorm.classify;

/**
 * A pattern over one stack frame, written {@code Class.method}: a trailing {@code *} on either part matches a
 * prefix, and a lone {@code *} matches anything ({@code java.util.concurrent.locks.AbstractQueuedSynchronizer*.*},
 * {@code java.lang.Thread.sleep*}). Matching by names only keeps the tables valid across JDK releases, whose line
 * numbers and private helpers move.
 */
record FramePattern(String type, boolean typePrefix, String method, boolean methodPrefix) {

    static FramePattern of(String pattern) {
        int dot = pattern.lastIndexOf('.');
        if (dot <= 0 || dot == pattern.length() - 1) {
            throw new IllegalArgumentException("not Class.method: " + pattern);
        }
        String type = pattern.substring(0, dot);
        String method = pattern.substring(dot + 1);
        if (type.indexOf('*') >= 0 && type.indexOf('*') != type.length() - 1
                || method.indexOf('*') >= 0 && method.indexOf('*') != method.length() - 1) {
            throw new IllegalArgumentException("'*' only ends a part: " + pattern);
        }
        boolean typePrefix = type.endsWith("*");
        boolean methodPrefix = method.endsWith("*");
        return new FramePattern(typePrefix ? type.substring(0, type.length() - 1) : type, typePrefix,
                methodPrefix ? method.substring(0, method.length() - 1) : method, methodPrefix);
    }

    boolean matches(StackTraceElement frame) {
        return matches(frame.getClassName(), frame.getMethodName());
    }

    boolean matches(String className, String methodName) {
        boolean typeOk = typePrefix ? className.startsWith(type) : className.equals(type);
        if (!typeOk) {
            return false;
        }
        return methodPrefix ? methodName.startsWith(method) : methodName.equals(method);
    }

    @Override
    public String toString() {
        return type + (typePrefix ? "*" : "") + "." + method + (methodPrefix ? "*" : "");
    }
}
