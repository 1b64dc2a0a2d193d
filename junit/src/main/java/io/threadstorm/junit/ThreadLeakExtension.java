package io.threadstorm.junit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * The JUnit 5 extension behind {@link DetectThreadLeaks}: notes the live threads before each test and before each
 * test class, and after it waits for the threads started since to end; the ones still alive after the grace period
 * fail the test (or the class) with an {@link AssertionFailedError} that lists them.
 *
 * <p>Register it with {@link DetectThreadLeaks}, with {@code @ExtendWith(ThreadLeakExtension.class)}, or for every
 * test by the configuration parameter {@code junit.jupiter.extensions.autodetection.enabled=true}. When the
 * threadstorm agent runs in the JVM (its MBean {@code io.threadstorm:type=Agent} is registered) each leaked thread is
 * listed with the line that started it, and virtual threads are seen too; without it, platform threads with their
 * current stacks. A thread reported once is not reported again by a later check.
 */
public final class ThreadLeakExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    /** Said by a failure under parallel execution that had no tags to tell whose the threads are. */
    static final String PARALLEL_NOTE = "Tests ran in parallel: this list comes from the whole JVM and may include "
            + "threads that concurrent tests started. Run the tests with -javaagent:threadstorm-agent.jar to blame "
            + "each thread only on the test whose work started it.";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            ThreadLeakExtension.class);

    /** Creates the extension; JUnit does, through the annotation or auto-detection. */
    public ThreadLeakExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        begin(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        end(context, "Class " + context.getDisplayName());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        begin(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        end(context, "Test " + context.getDisplayName());
    }

    private static void begin(ExtensionContext context) {
        // read the settings first: a bad one fails before the test runs
        LeakOptions options = LeakOptions.of(context);
        Census census = Census.detect();
        Baseline baseline = options.suiteBaseline()
                ? context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Baseline.class,
                        k -> Baseline.of(census.take()), Baseline.class)
                : Baseline.NONE;
        TestTag tag = TestTag.of(context.getUniqueId());
        LeakCheck check = LeakCheck.begin(census, tag.value());
        tag.begin(); // after the census: what it does is not the test's work
        context.getStore(NAMESPACE).put(context.getUniqueId(), new Started(check, options, tag, baseline));
    }

    private static void end(ExtensionContext context, String scope) {
        Started started = context.getStore(NAMESPACE).remove(context.getUniqueId(), Started.class);
        if (started == null) {
            return;
        }
        started.tag().end();
        LeakOptions options = started.options();
        Set<Long> settled = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Settled.class).ids;
        LeakCheck.Outcome outcome = started.check().end(options.grace(), options.filter(), settled,
                options.parallel(), started.baseline());
        // a class's check must neither report again what a test reported nor count what a test's ignores let pass
        outcome.ignored().forEach(t -> settled.add(t.id()));
        outcome.leaked().forEach(t -> settled.add(t.id()));
        if (outcome.leaked().isEmpty()) {
            return;
        }
        String note = outcome.note();
        if (options.parallel() && !outcome.byTag()) {
            note += "\n" + PARALLEL_NOTE;
        }
        if (options.interrupt()) {
            note += "\n" + Zombies.interrupt(outcome.leaked());
        }
        String message = LeakMessage.of(scope, options.grace(), outcome.leaked(), note);
        if (options.failOnLeak()) {
            throw new AssertionFailedError(message);
        }
        context.publishReportEntry("threadstorm.leak", message);
        System.err.println("[threadstorm] " + message);
    }

    /** A check under way, its settings, the tag of its thread and the suite's baseline. */
    private record Started(LeakCheck check, LeakOptions options, TestTag tag, Baseline baseline) {
    }

    /** The ids of threads already reported or excused in this test run. */
    static final class Settled {
        final Set<Long> ids = ConcurrentHashMap.newKeySet();
    }
}
