package io.threadstorm.dump;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The dumps captured from real JVMs under {@code src/test/resources/dumps/} (see its README). */
final class Dumps {

    private Dumps() {
    }

    static Path path(String name) {
        URL url = Dumps.class.getResource("/dumps/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test dump " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ThreadDump parse(String name) {
        try {
            return ThreadDumps.parse(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DumpedThread thread(ThreadDump dump, String name) {
        return dump.thread(name).orElseThrow(() -> new AssertionError("no thread \"" + name + "\" in the dump"));
    }

    /** {@code class.method} of a frame, for assertions that should not depend on line numbers. */
    static String method(StackTraceElement e) {
        return e.getClassName() + "." + e.getMethodName();
    }
}
