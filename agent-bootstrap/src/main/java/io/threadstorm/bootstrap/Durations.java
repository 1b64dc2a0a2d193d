package io.threadstorm.bootstrap;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one syntax of a duration, shared by the agent's options ({@code interval=250ms}) and the JUnit extension's
 * settings ({@code threadstorm.junit.grace=2s}): a whole number and a unit, {@code ms}, {@code s}, {@code m} or
 * {@code h}, with no space between them (spaces around are ignored). It lives here, beside {@link SystemThreadNames},
 * because both readers load this module unrelocated. JDK types only.
 */
public final class Durations {

    /** The syntax in words, for error messages and documentation. */
    public static final String SYNTAX = "a whole number and a unit: ms, s, m or h";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private Durations() {
    }

    /**
     * Parses {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}.
     *
     * @throws IllegalArgumentException with the text as its message, when it is anything else
     */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
