package io.threadstorm.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that leaves threads running. Every thread started during the test (and, on a class, during its
 * {@code @BeforeAll} and {@code @AfterAll} methods) must have ended when the test is over, or within a grace period
 * after; each one still alive is listed in the failure, with the line that started it when the threadstorm agent is
 * loaded in the JVM and with its current stack when it is not.
 *
 * <pre>{@code
 * @DetectThreadLeaks
 * class ReportServiceTest { ... }
 *
 * @DetectThreadLeaks(grace = "5s", ignoreNames = "hikari-housekeeper.*")
 * class PooledDaoTest { ... }
 * }</pre>
 *
 * <p>Threads the JVM and common tools start lazily and keep (reference handler, cleaners, JMX and JFR threads, idle
 * workers of the common fork-join pool, carrier threads of virtual threads, ...) never count. On a method the
 * annotation covers that test only; on a class, every test of it, its nested classes and the class as a whole. The
 * ignore lists of the annotations on a test, its class and the enclosing classes add up; the nearest {@link #grace()}
 * wins. Configuration parameters set defaults for all tests: {@code threadstorm.junit.grace},
 * {@code threadstorm.junit.ignoreNames}, {@code threadstorm.junit.ignoreFrames},
 * {@code threadstorm.junit.failOnLeak}, {@code threadstorm.junit.baseline} ({@code test} or {@code suite}) and
 * {@code threadstorm.junit.onLeak} ({@code none} or {@code interrupt}) (see docs/junit.md). Under JUnit's parallel
 * execution, with the agent, only the threads that the test's own work started count.
 *
 * @see ThreadLeakExtension
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(ThreadLeakExtension.class)
public @interface DetectThreadLeaks {

    /**
     * How long to wait, after the test, for the threads it started to end: a whole number with a unit, {@code ms},
     * {@code s} or {@code m}, such as {@code "500ms"} or {@code "5s"}. Empty: the configuration parameter
     * {@code threadstorm.junit.grace}, else 2 seconds.
     */
    String grace() default "";

    /** Regular expressions; a thread whose whole name matches one never counts, such as {@code "hikari-.*"}. */
    String[] ignoreNames() default {};

    /**
     * Prefixes of {@code class.method} names, such as {@code "com.acme.cache."} or
     * {@code "io.netty.util.concurrent.GlobalEventExecutor.takeTask"}; a thread whose current stack holds a frame
     * that starts with one never counts.
     */
    String[] ignoreFrames() default {};
}
