package io.threadstorm.dump;

import java.io.IOException;

/**
 * Input that is not a thread dump this package can read: empty, another kind of file, truncated JSON, or a dump in
 * which not one thread could be found. The message is one line, {@code <source>:<line>: <problem>}, ready to print.
 */
public final class MalformedDumpException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    /**
     * @param source  the file (or {@code <string>}) that was read
     * @param line    1-based line the problem was found at, or 0 when it concerns the whole input
     * @param problem what was expected and what was found, one line
     */
    public MalformedDumpException(String source, int line, String problem) {
        this(source, line, problem, null);
    }

    /**
     * @param source  the file (or {@code <string>}) that was read
     * @param line    1-based line the problem was found at, or 0 when it concerns the whole input
     * @param problem what was expected and what was found, one line
     * @param cause   the underlying parser's exception, kept for debugging
     */
    public MalformedDumpException(String source, int line, String problem, Throwable cause) {
        super(source + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.source = source;
        this.line = line;
    }

    /** A line of the input as a message quotes it: at most 60 characters, control characters replaced. */
    static String excerpt(String line) {
        String s = line.strip();
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 60; i++) {
            char c = s.charAt(i);
            out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        return out.append(s.length() > 60 ? "…\"" : "\"").toString();
    }

    /** The file (or {@code <string>}) that was read. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem, or 0 when it concerns the whole input. */
    public int line() {
        return line;
    }
}
