package io.threadstorm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class HeapProofOptionsTest {

    @Test
    void offByDefault() {
        Options o = Options.defaults();
        assertEquals("off", o.heapProof());
        assertEquals("512m", o.heapProofMaxHeap());
        assertEquals(Duration.ofHours(1), o.heapProofCooldown());
        assertFalse(o.heapProofKeep());
    }

    @Test
    void readsTheProofOptions() {
        Options o = Options.parse("heapProof=onSurge,heapProofMaxHeap=2g,heapProofCooldown=30m,heapProofKeep=true",
                new Properties(), Map.of());
        assertEquals("onSurge", o.heapProof());
        assertEquals("2048m", o.heapProofMaxHeap());
        assertEquals(Duration.ofMinutes(30), o.heapProofCooldown());
        assertTrue(o.heapProofKeep());
        assertEquals("onSurge", Options.parse(null, new Properties(), Map.of("THREADSTORM_HEAP_PROOF", "onSurge"))
                .heapProof());
    }

    @Test
    void aBadValueNamesTheKeyAndTheForm() {
        for (String bad : new String[] {"heapProof=always", "heapProofMaxHeap=10m", "heapProofMaxHeap=512",
                "heapProofCooldown=soon"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Options.parse(bad, new Properties(), Map.of()));
            assertTrue(e.getMessage().startsWith("option '" + bad.substring(0, bad.indexOf('=')) + "'"),
                    e.getMessage());
        }
    }
}
