package io.threadstorm.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rewriter over the JDK's own ASM writes the same class files as the one over Byte Buddy's, for every hooked JDK
 * class and every hook; where the JDK has no ASM (24+) there is none, and the transformer uses Byte Buddy's.
 * (Surefire exports {@code jdk.internal.org.objectweb.asm} to the tests, as {@code Instrumentation} does to the agent.)
 */
class JdkAsmTest {

    private static boolean jdkHasAsm() {
        return ClassLoader.getSystemResource("jdk/internal/org/objectweb/asm/ClassWriter.class") != null;
    }

    @Test
    void writesWhatByteBuddysAsmWritesForEveryHookedClass() throws IOException {
        Rewriter jdk = JdkAsm.load(null);
        if (!jdkHasAsm()) {
            assertNull(jdk, "no JDK ASM on " + Runtime.version());
            return;
        }
        assertNotNull(jdk, "the JDK's ASM on " + Runtime.version());
        assertEquals("io.threadstorm.instrument.JdkAsmRewriter", jdk.getClass().getName());
        Rewriter bundled = new AsmRewriter();
        Hooks hooks = new Hooks();
        Map<String, Redirect> redirects = new java.util.HashMap<>();
        hooks.redirects().forEach(r -> redirects.put(r.type(), r));
        Set<String> types = new java.util.LinkedHashSet<>();
        hooks.hooks().forEach(h -> types.add(h.type()));
        int compared = 0;
        for (String type : types) {
            byte[] original = jdkClass(type);
            if (original == null) {
                continue; // VirtualThread before JDK 21
            }
            List<Hook> of = hooks.hooks().stream().filter(h -> h.type().equals(type)).toList();
            for (boolean tags : new boolean[] {false, true}) {
                Set<String> appliedJdk = new HashSet<>();
                Set<String> appliedBundled = new HashSet<>();
                byte[] byJdk = jdk.rewrite(original, type, of, redirects.get(type), tags, appliedJdk);
                byte[] byBundled = bundled.rewrite(original, type, of, redirects.get(type), tags, appliedBundled);
                assertEquals(appliedBundled, appliedJdk, type);
                assertEquals(!appliedBundled.isEmpty(), byBundled.length > original.length, type + ": " + appliedBundled);
                assertArrayEquals(byBundled, byJdk, type + (tags ? " with tag hooks" : ""));
                compared++;
            }
        }
        assertTrue(compared >= 14, "classes compared: " + compared);
    }

    @Test
    void aClassTheJdksAsmRefusesIsWrittenByByteBuddys() throws IOException {
        String timer = "java/util/Timer";
        Hook cancel = new Hook(timer, "Timer.cancel", (n, d) -> n.equals("cancel"), true,
                "executorShutdown(Ljava/lang/Object;)V", Hook.Push.THIS);
        Rewriter refusing = (bytes, name, hooks, redirect, tags, applied) -> {
            throw new IllegalArgumentException("Unsupported class file major version");
        };
        HookTransformer t = new HookTransformer(Map.of(timer, List.of(cancel)), Map.of(), refusing);
        byte[] hooked = t.transform(null, null, timer, null, null, jdkClass(timer));
        assertNotNull(hooked);
        assertTrue(t.applied.contains("Timer.cancel"));
        assertTrue(t.failures.isEmpty(), t.failures.toString());
        assertTrue(t.leftToBundled.containsKey(timer));
    }

    private static byte[] jdkClass(String internalName) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
