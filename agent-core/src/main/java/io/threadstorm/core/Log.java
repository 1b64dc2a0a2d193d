package io.threadstorm.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's logger: SLF4J (relocated) with its own simple binding writing to stderr, so it never touches the
 * application's logging. Created lazily, off the application's start-up path.
 */
final class Log {

    private static volatile Logger logger;

    private Log() {
    }

    static void configure(String level) {
        // slf4j-simple reads these once, at first use; the names are relocated with the binding
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showLogName", "true");
        System.setProperty("org.slf4j.simpleLogger.levelInBrackets", "true");
    }

    static Logger get() {
        Logger l = logger;
        if (l == null) {
            l = LoggerFactory.getLogger("threadstorm");
            logger = l;
        }
        return l;
    }
}
