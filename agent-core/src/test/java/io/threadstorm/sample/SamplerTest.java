package io.threadstorm.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SamplerTest {

    @Test
    void theExamplesAreTheThreadsStartedFirstWhateverTheOrderTheyComeIn() {
        List<Long> starts = new ArrayList<>();
        for (long i = 0; i < 100; i++) {
            starts.add(1_000 + i * 7);
        }
        Collections.shuffle(starts, new Random(42));

        List<Long> oldest = Sampler.oldest(starts, Long::longValue);

        assertEquals(List.of(1_000L, 1_007L, 1_014L, 1_021L, 1_028L, 1_035L, 1_042L, 1_049L), oldest);
    }

    @Test
    void fewerThreadsThanExamplesAreAllExamples() {
        assertEquals(List.of(3L, 5L, 9L), Sampler.oldest(List.of(9L, 3L, 5L), Long::longValue));
    }
}
