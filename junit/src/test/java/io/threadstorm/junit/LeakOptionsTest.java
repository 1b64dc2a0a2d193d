package io.threadstorm.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeakOptionsTest {

    @Test
    void durationsCarryAUnit() {
        assertEquals(Duration.ofMillis(250), LeakOptions.duration("x", "250ms"));
        assertEquals(Duration.ofSeconds(2), LeakOptions.duration("x", "2s"));
        assertEquals(Duration.ofMinutes(1), LeakOptions.duration("x", " 1m "));
        assertEquals(Duration.ZERO, LeakOptions.duration("x", "0ms"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "2 s", "-1s", "1.5s", "PT2S", "2d"})
    void anythingElseIsRefusedWithTheSettingsName(String text) {
        ExtensionConfigurationException e = assertThrows(ExtensionConfigurationException.class,
                () -> LeakOptions.duration("threadstorm.junit.grace", text));
        assertEquals("threadstorm.junit.grace: '" + text + "' is not a duration such as 500ms, 2s or 1m",
                e.getMessage());
    }
}
