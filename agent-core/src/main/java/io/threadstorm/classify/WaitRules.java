package io.threadstorm.classify;

import java.util.List;

/**
 * The wait table, the rows of every cause unit ({@link Causes#WAIT_TABLE}), and the few well-known libraries that
 * wrap JDK waits (Netty, Reactor, Guava ...), whose own frames say more than the JDK frames they end in.
 */
final class WaitRules {

    /**
     * Libraries whose frames the reading passes through to reach the application code that called them: a
     * thread waiting in {@code Mono.block()} waits at the caller of {@code block}, not inside Reactor.
     */
    static final List<String> LIBRARY_PACKAGES = List.of("io.netty.", "reactor.core.", "io.reactivex.",
            "com.google.common.util.concurrent.", "kotlinx.coroutines.", "okhttp3.", "okio.", "org.apache.kafka.",
            "com.zaxxer.hikari.", "redis.clients.jedis.", "org.apache.commons.pool2.", "io.grpc.", "io.lettuce.",
            "org.apache.http.", "org.apache.hc.", "com.mysql.", "org.postgresql.", "oracle.jdbc.", "org.mariadb.");

    private WaitRules() {
    }

    static boolean isLibrary(StackTraceElement frame) {
        String c = frame.getClassName();
        for (String p : LIBRARY_PACKAGES) {
            if (c.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The first row that matches this frame, or {@code null}. */
    static WaitRule match(StackTraceElement frame, Thread.State state) {
        for (WaitRule r : Causes.WAIT_TABLE) {
            if (r.matches(frame, state)) {
                return r;
            }
        }
        return null;
    }
}
