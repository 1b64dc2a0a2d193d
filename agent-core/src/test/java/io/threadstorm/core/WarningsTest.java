package io.threadstorm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarningsTest {

    @Test
    void aWarningAtEverySampleIsWrittenAFewTimesThenOnlyCounted() {
        List<String> lines = new ArrayList<>();
        Warnings warnings = new Warnings(lines::add);
        for (int i = 0; i < 1000; i++) {
            warnings.warn("sample", "sample failed: " + i);
        }
        assertEquals(List.of("sample failed: 0", "sample failed: 1", "sample failed: 2",
                "further 'sample' warnings are counted, not written"), lines);
        assertEquals(1000, warnings.count("sample"));
    }

    @Test
    void eachKindHasItsOwnBound() {
        List<String> lines = new ArrayList<>();
        Warnings warnings = new Warnings(lines::add);
        warnings.warn("a", "a1");
        warnings.warn("b", "b1");
        warnings.warn("a", "a2");
        assertEquals(List.of("a1", "b1", "a2"), lines);
        assertEquals(0, warnings.count("c"));
    }
}
