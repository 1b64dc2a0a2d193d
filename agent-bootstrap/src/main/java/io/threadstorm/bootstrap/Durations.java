package io.threadstorm.bootstrap;

import java.time.Duration;

/**
 * The one syntax of a duration, shared by the agent's options ({@code interval=250ms}) and the JUnit extension's
 * settings ({@code threadstorm.junit.grace=2s}): a whole number and a unit, {@code ms}, {@code s}, {@code m} or
 * {@code h}, with no space between them (spaces around are ignored). It lives here, beside {@link SystemThreadNames},
 * because both readers load this module unrelocated. JDK types only.
 */
public final class Durations {

    /** The syntax in words, for error messages and documentation. */
    public static final String SYNTAX = "a whole number and a unit: ms, s, m or h";

    private Durations() {
    }

    /**
     * Parses {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}.
     *
     * @throws IllegalArgumentException with the text as its message, when it is anything else
     */
    public static Duration parse(String text) {
        String t = text.trim();
        int unit;
        try {
            unit = unitStart(t, 9);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(text);
        }
        long n = Long.parseLong(t.substring(0, unit));
        return switch (t.substring(unit)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException(text);
        };
    }

    /**
     * Where the unit of {@code text} starts: after its first 1 to {@code maxDigits} ASCII digits, followed by at least
     * one other character. Read by hand, not with a regular expression: the agent reads its options in
     * {@code premain}, on the application's start-up.
     *
     * @throws IllegalArgumentException with the text as its message, when it does not start so
     */
    public static int unitStart(String text, int maxDigits) {
        int i = 0;
        while (i < text.length() && i <= maxDigits && digits(text, i, i + 1)) {
            i++;
        }
        if (i == 0 || i > maxDigits || i == text.length()) {
            throw new IllegalArgumentException(text);
        }
        return i;
    }

    /** Whether {@code text} from {@code from} to {@code to} is one or more ASCII digits. */
    public static boolean digits(String text, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
