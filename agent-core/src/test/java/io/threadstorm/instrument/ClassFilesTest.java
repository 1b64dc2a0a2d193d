package io.threadstorm.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import org.junit.jupiter.api.Test;

/** The constant-pool reads and renames, checked against ASM's reading of the same files. */
class ClassFilesTest {

    @Test
    void classReferencesAreThoseOfTheConstantPool() throws IOException {
        byte[] b = bytes(AsmRewriter.class);
        List<String> refs = ClassFiles.classReferences(b);
        assertTrue(refs.contains("io/threadstorm/instrument/AsmRewriter$HookedMethod"), refs.toString());
        assertTrue(refs.contains(new ClassReader(b).getSuperName()), refs.toString());
        // longs and doubles take two slots: a class with both still reads to its end
        assertTrue(ClassFiles.classReferences(bytes(java.util.concurrent.ThreadLocalRandom.class))
                .contains("java/util/concurrent/ThreadLocalRandom"));
    }

    @Test
    void renamedChangesTheNamesAndNothingElse() throws IOException {
        byte[] b = bytes(AsmRewriter.class);
        byte[] renamed = ClassFiles.renamed(b, Map.of("io/threadstorm/instrument/AsmRewriter",
                "io/threadstorm/instrument/SomeLongerNameForTheCopy"));
        ClassReader before = new ClassReader(b);
        ClassReader after = new ClassReader(renamed);
        assertEquals("io/threadstorm/instrument/SomeLongerNameForTheCopy", after.getClassName());
        assertEquals(before.getSuperName(), after.getSuperName());
        assertEquals(before.getItemCount(), after.getItemCount());
        assertTrue(renamed.length > b.length, "every longer name makes the file longer");
        assertTrue(ClassFiles.classReferences(renamed).stream().noneMatch(r -> r.contains("/AsmRewriter")));
        org.junit.jupiter.api.Assertions.assertArrayEquals(b, ClassFiles.renamed(b, Map.of()), "no rename: the same bytes");
    }

    @Test
    void aFileThatIsNotAClassIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClassFiles.classReferences(new byte[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class,
                () -> ClassFiles.renamed(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61,
                        0, 3, 99}, Map.of()));
    }

    private static byte[] bytes(Class<?> c) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(c.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }
}
