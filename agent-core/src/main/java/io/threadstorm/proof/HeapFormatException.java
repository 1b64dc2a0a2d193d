package io.threadstorm.proof;

import java.io.IOException;

/** A file that is not a complete, readable HPROF heap dump; the message is one line for a person. */
public final class HeapFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public HeapFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
