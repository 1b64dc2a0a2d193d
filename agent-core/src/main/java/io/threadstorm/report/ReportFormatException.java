package io.threadstorm.report;

import java.io.IOException;

/**
 * A report file that cannot be loaded: not JSON, not a JSON object, another {@code schema}, or a field of the wrong
 * type. The message is one line that names the source and what is wrong, ready to print.
 */
public final class ReportFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;

    /**
     * @param source  the file (or {@code <string>}) that was read
     * @param problem what is wrong with it, one line
     */
    public ReportFormatException(String source, String problem) {
        this(source, problem, null);
    }

    /**
     * @param source  the file (or {@code <string>}) that was read
     * @param problem what is wrong with it, one line
     * @param cause   the parser's exception, kept for debugging
     */
    public ReportFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
    }

    /** The file (or {@code <string>}) that was read. */
    public String source() {
        return source;
    }
}
