package io.threadstorm.classify;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Library-specific advice added to a fix when a site's threads belong to a well-known client library, which
 * production code most often leaks by building one client per call. Recognized by the library's frames on the
 * example stacks or, for threads whose stacks are all JDK (pool workers), by the names the library gives them.
 */
final class LibraryHints {

    /**
     * @param packages class-name prefixes of the library
     * @param names    the library's thread names, or {@code null}
     * @param advice   one sentence
     */
    record Hint(List<String> packages, Pattern names, String advice) {

        boolean matches(SiteReading r) {
            String call = r.facts() == null ? null : r.facts().libraryCall();
            if (call != null && inPackages(call)) {
                return true; // the library call that started the threads
            }
            for (WaitReading w : r.agreeing()) {
                if (names != null && w.sample().name() != null && names.matcher(w.sample().name()).find()) {
                    return true;
                }
                for (StackTraceElement e : w.sample().stack()) {
                    if (inPackages(e.getClassName())) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean inPackages(String className) {
            for (String p : packages) {
                if (className.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final List<Hint> HINTS = List.of(
            new Hint(List.of("io.netty."), Pattern.compile("^(nio|epoll|kqueue|default)EventLoopGroup-"),
                    "With Netty, call shutdownGracefully() on every EventLoopGroup you create, or share one group."),
            new Hint(List.of("reactor.core."), null,
                    "With Reactor, dispose() every Scheduler made with Schedulers.new*(), or use the shared"
                    + " Schedulers.boundedElastic() and Schedulers.parallel()."),
            new Hint(List.of("io.reactivex."), Pattern.compile("^Rx"),
                    "With RxJava, keep the Disposable of every subscription to an endless source (interval, a hot"
                    + " Observable) and dispose() it when its owner is done: each one pins a worker thread."),
            new Hint(List.of("io.vertx."), Pattern.compile("^vert\\.x-|^vertx-blocked-thread-checker$"),
                    "With Vert.x, close() every Vertx instance you create, or share one."),
            new Hint(List.of("org.springframework.scheduling."), null,
                    "With Spring, shutdown() every ThreadPoolTaskScheduler or ThreadPoolTaskExecutor made outside the"
                    + " application context, or inject the context's one."),
            new Hint(List.of("org.eclipse.jetty."), null,
                    "With Jetty's HttpClient, stop() every client you start, or share one client."),
            new Hint(List.of("org.quartz."), Pattern.compile("_Worker-\\d+$|_QuartzSchedulerThread$"),
                    "With Quartz, shutdown() every Scheduler you create, or share one Scheduler."),
            new Hint(List.of("okhttp3.", "okio."), Pattern.compile("^OkHttp "),
                    "With OkHttp, share one OkHttpClient: each client owns its own connection pool and dispatcher."),
            new Hint(List.of("jdk.internal.net.http."), Pattern.compile("^HttpClient-\\d+-"),
                    "With java.net.http.HttpClient, build one client and reuse it: each owns a selector thread."),
            new Hint(List.of("org.apache.kafka."), Pattern.compile("^kafka-"),
                    "With Kafka, close() every consumer and producer you create: each owns network threads."),
            new Hint(List.of("com.zaxxer.hikari."), Pattern.compile("^HikariPool-"),
                    "With HikariCP, close() every HikariDataSource you create: each owns a housekeeper thread."),
            new Hint(List.of("redis.clients.jedis.", "org.apache.commons.pool2."), Pattern.compile("^commons-pool-"),
                    "With Jedis or commons-pool, close() the JedisPool or GenericObjectPool when done."),
            new Hint(List.of("io.lettuce."), Pattern.compile("^lettuce-"),
                    "With Lettuce, shutdown() the RedisClient and ClientResources you create, or share one."),
            new Hint(List.of("io.grpc."), Pattern.compile("^grpc-"),
                    "With gRPC, shutdown() every ManagedChannel and Server (then awaitTermination), or share one"
                    + " channel."),
            new Hint(List.of("com.mysql.", "org.postgresql.", "oracle.jdbc.", "org.mariadb."), null,
                    "With JDBC, set the driver's socketTimeout and connectTimeout and close connections in finally"
                    + " blocks."),
            new Hint(List.of("org.apache.http.", "org.apache.hc."), null,
                    "With Apache HttpClient, set connect and socket timeouts and close the client and its"
                    + " connection manager."));

    private LibraryHints() {
    }

    /**
     * True when every agreeing thread runs nothing but the JDK's and known libraries' code: a dump's view of a
     * library's own worker, which the agent would see started by a library call.
     */
    static boolean runOnlyLibraryCode(SiteReading r) {
        return runOnlyLibraryCode(r.agreeing());
    }

    /** True when every one of {@code readings} runs nothing but the JDK's and known libraries' code. */
    static boolean runOnlyLibraryCode(List<WaitReading> readings) {
        if (readings.isEmpty()) {
            return false;
        }
        for (WaitReading w : readings) {
            boolean any = false;
            for (StackTraceElement e : w.sample().stack()) {
                if (JdkFrames.isJdk(e) || JdkFrames.isHidden(e)) {
                    continue;
                }
                if (HINTS.stream().noneMatch(h -> h.inPackages(e.getClassName()))) {
                    return false;
                }
                any = true;
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** The advice for the first library the site's threads belong to, or {@code null}. */
    static String adviceFor(SiteReading r) {
        for (Hint h : HINTS) {
            if (h.matches(r)) {
                return h.advice();
            }
        }
        return null;
    }

    /**
     * The fix for threads a library call started ({@link SiteFacts#libraryCall()}) when the agent saw no pool of the
     * application's behind them: the library object the call built is what to close. {@code null} otherwise.
     */
    static String libraryObjectFix(SiteReading r) {
        SiteFacts f = r.facts();
        if (!r.byLibraryCall() || f.poolsCreated() != 0) {
            return null;
        }
        return "These threads were started inside " + f.libraryCallShort() + ", called at " + f.frame() + ": they"
                + " belong to a library object (a client, pool, scheduler or event-loop group) that the code there"
                + " creates or uses per call and never closes. Create it once and share it, or close it when the call"
                + " ends (close(), shutdown(), stop() or dispose(), whichever it offers, in a finally block).";
    }
}
