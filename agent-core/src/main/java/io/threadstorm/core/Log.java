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

    /**
     * The logger, created by one thread while the others wait: SLF4J hands a thread that asks while another is still
     * initializing it a substitute logger, whose messages wait for that other thread to replay them. The exit hook
     * logs while the sampler thread may be initializing SLF4J, and once the hook returns the JVM halts: the exit
     * report's line, and the sampler's, were lost.
     */
    static Logger get() {
        Logger l = logger;
        if (l == null) {
            synchronized (Log.class) {
                l = logger;
                if (l == null) {
                    l = LoggerFactory.getLogger("threadstorm");
                    logger = l;
                }
            }
        }
        return l;
    }
}
