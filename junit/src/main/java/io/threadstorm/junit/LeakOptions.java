package io.threadstorm.junit;

import io.threadstorm.bootstrap.Durations;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The settings of one check: from the {@link DetectThreadLeaks} annotations on the test, its class and the classes it
 * is nested in, then the configuration parameters, then the defaults.
 *
 * @param grace      how long to wait for new threads to end
 * @param filter     which new threads never count
 * @param failOnLeak whether a leak fails the test, or is only reported
 * @param suiteBaseline whether the threads alive when the run's first check began never count
 *                   ({@code baseline=suite})
 * @param interrupt  whether a failing check interrupts the threads it leaked ({@code onLeak=interrupt})
 * @param parallel   whether JUnit's parallel execution is on: other tests may run at the same time
 */
record LeakOptions(Duration grace, ThreadFilter filter, boolean failOnLeak, boolean suiteBaseline, boolean interrupt,
                   boolean parallel) {

    static final String GRACE = "threadstorm.junit.grace";
    static final String IGNORE_NAMES = "threadstorm.junit.ignoreNames";
    static final String IGNORE_FRAMES = "threadstorm.junit.ignoreFrames";
    static final String FAIL_ON_LEAK = "threadstorm.junit.failOnLeak";
    static final String BASELINE = "threadstorm.junit.baseline";
    static final String ON_LEAK = "threadstorm.junit.onLeak";
    static final String PARALLEL = "junit.jupiter.execution.parallel.enabled";

    static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);

    private static final Pattern FRAME_PREFIX = Pattern.compile("[\\w.$]+");

    /** The settings for the test or class of {@code context}. */
    static LeakOptions of(ExtensionContext context) {
        List<DetectThreadLeaks> annotations = annotations(context);
        Duration grace = null;
        List<Pattern> names = new ArrayList<>();
        List<String> frames = new ArrayList<>();
        for (DetectThreadLeaks a : annotations) {
            if (grace == null && !a.grace().isEmpty()) {
                grace = duration("@DetectThreadLeaks(grace)", a.grace());
            }
            for (String n : a.ignoreNames()) {
                names.add(regex("@DetectThreadLeaks(ignoreNames)", n));
            }
            for (String f : a.ignoreFrames()) {
                frames.add(framePrefix("@DetectThreadLeaks(ignoreFrames)", f));
            }
        }
        if (grace == null) {
            grace = context.getConfigurationParameter(GRACE).map(v -> duration(GRACE, v)).orElse(DEFAULT_GRACE);
        }
        context.getConfigurationParameter(IGNORE_NAMES).filter(v -> !v.isBlank())
                .ifPresent(v -> names.add(regex(IGNORE_NAMES, v)));
        context.getConfigurationParameter(IGNORE_FRAMES).ifPresent(v -> {
            for (String f : v.split("[;,]")) {
                if (!f.isBlank()) {
                    frames.add(framePrefix(IGNORE_FRAMES, f.trim()));
                }
            }
        });
        boolean fail = context.getConfigurationParameter(FAIL_ON_LEAK).map(v -> bool(FAIL_ON_LEAK, v)).orElse(true);
        boolean suite = context.getConfigurationParameter(BASELINE)
                .map(v -> choice(BASELINE, v, "test", "suite").equals("suite")).orElse(false);
        boolean interrupt = context.getConfigurationParameter(ON_LEAK)
                .map(v -> choice(ON_LEAK, v, "none", "interrupt").equals("interrupt")).orElse(false);
        // JUnit reads this one itself: anything but true is off
        boolean parallel = context.getConfigurationParameter(PARALLEL).map(v -> v.trim().equalsIgnoreCase("true"))
                .orElse(false);
        return new LeakOptions(grace, new ThreadFilter(List.copyOf(names), List.copyOf(frames)), fail, suite,
                interrupt, parallel);
    }

    /** Parses {@code 250ms}, {@code 2s}, {@code 1m} or {@code 1h}: the agent's syntax ({@link Durations}). */
    static Duration duration(String where, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(where, text, "a duration such as 500ms, 2s or 1m");
        }
    }

    /** The annotations that apply, nearest first: the test method's, its class's, then the enclosing classes'. */
    private static List<DetectThreadLeaks> annotations(ExtensionContext context) {
        List<AnnotatedElement> elements = new ArrayList<>();
        context.getTestMethod().ifPresent(elements::add);
        // @Nested classes are inner classes: their enclosing classes' annotations apply to them too
        for (Class<?> c = context.getTestClass().orElse(null); c != null;
             c = Modifier.isStatic(c.getModifiers()) ? null : c.getEnclosingClass()) {
            elements.add(c);
        }
        List<DetectThreadLeaks> found = new ArrayList<>();
        for (AnnotatedElement e : elements) {
            Optional<DetectThreadLeaks> a = AnnotationSupport.findAnnotation(e, DetectThreadLeaks.class);
            a.ifPresent(found::add);
        }
        return found;
    }

    private static Pattern regex(String where, String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw invalid(where, text, "a Java regular expression (" + e.getDescription() + ")");
        }
    }

    private static String framePrefix(String where, String text) {
        if (!FRAME_PREFIX.matcher(text).matches()) {
            throw invalid(where, text, "a class or method name prefix such as com.acme.cache.");
        }
        return text;
    }

    private static boolean bool(String where, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(where, text, "true or false");
        };
    }

    private static String choice(String where, String text, String... values) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        if (!List.of(values).contains(v)) {
            throw invalid(where, text, String.join(" or ", values));
        }
        return v;
    }

    private static ExtensionConfigurationException invalid(String where, String text, String expected) {
        return new ExtensionConfigurationException(where + ": '" + text + "' is not " + expected);
    }
}
