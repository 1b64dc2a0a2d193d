package io.threadstorm.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration syntax of the agent's options and the JUnit extension's settings. */
class DurationsTest {

    @Test
    void aWholeNumberAndAUnit() {
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
        assertEquals(Duration.ofSeconds(5), Durations.parse("5s"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ZERO, Durations.parse("0ms"));
        assertEquals(Duration.ofSeconds(999_999_999), Durations.parse("999999999s"));
    }

    @Test
    void spacesAroundAreIgnored() {
        assertEquals(Duration.ofMinutes(1), Durations.parse(" 1m "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "2", "ms", "2 s", "-1s", "+1s", "1.5s", "PT2S", "2S", "2sec", "2d", "1000000000ms",
            "2h30m"})
    void anythingElseIsRefusedWithTheTextAsMessage(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertEquals(text, e.getMessage());
    }
}
