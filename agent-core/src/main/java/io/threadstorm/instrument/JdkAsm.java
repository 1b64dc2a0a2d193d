package io.threadstorm.instrument;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The hooks written with the JDK's own copy of ASM ({@code jdk.internal.org.objectweb.asm}, JDK 17 to 23), where
 * there is one. Its classes come from the JDK's class data sharing archive, several already loaded and linked (the
 * JDK spins lambda forms with them), in the boot loader, which does not verify them; Byte Buddy's ASM is some thirty
 * classes read from the agent jar and verified, whose first use cost 15–20 ms of {@code premain} on JDK 17 (the
 * whole retransformation of {@code Thread} took 20 ms, and 2 ms once ASM was warm).
 *
 * <p>The rewriter is {@link AsmRewriter} itself, compiled once: at build time {@link #main} writes a copy of its
 * class files, {@code JdkAsmRewriter}, with every name of Byte Buddy's ASM renamed to the JDK's
 * ({@link ClassFiles#renamed}), beside the original, and the agent loads it by name like any of its classes
 * (renaming at start-up cost {@code premain} 5–9 ms on JDK 17). {@code java.base} exports the package to the agent's
 * module only. Any class the JDK's copy cannot read or write is left to Byte Buddy's ({@link HookTransformer}).
 */
public final class JdkAsm {

    private static final String JDK_ASM = "jdk/internal/org/objectweb/asm/";
    /** The copy, in {@link AsmRewriter}'s package (this one): no class literal of the original loads it. */
    static final String COPY = JdkAsm.class.getPackageName() + ".JdkAsmRewriter";

    private JdkAsm() {
    }

    /**
     * The ASM API level for the copy whose {@code ClassVisitor} is {@code classVisitor}: Byte Buddy's takes the
     * newest; the JDK's, the level JDK 17's copy knows (8), which the later copies take too.
     */
    static int api(Class<?> classVisitor) {
        // by name: a class literal of Byte Buddy's would load it on JDK 17-23, where only the JDK's is used
        return classVisitor.getName().startsWith("jdk.internal.") ? Opcodes.ASM8 : Opcodes.ASM9;
    }

    /**
     * The rewriter over the JDK's ASM, or {@code null} where this JDK has none (24+) or refuses it, or the copy was
     * not built. {@code inst} exports the package to this module ({@code null}: it is exported already, as with
     * {@code --add-exports}). Never throws.
     */
    static Rewriter load(Instrumentation inst) {
        if (io.threadstorm.record.JdkClasses.find(JDK_ASM.replace('/', '.') + "ClassWriter") == null) {
            return null; // JDK 24+: the JDK writes its classes with java.lang.classfile instead
        }
        try {
            if (inst != null) {
                inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(JDK_ASM.substring(0,
                        JDK_ASM.length() - 1).replace('/', '.'), Set.of(JdkAsm.class.getModule())), Map.of(),
                        Set.of(), Map.of());
            }
            Class<?> copy = Class.forName(COPY, true, JdkAsm.class.getClassLoader());
            return (Rewriter) copy.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * Writes the copy at build time (the build's {@code process-classes} phase): reads {@link AsmRewriter}'s class
     * files and the nested ones they name from the class directory {@code args[0]}, and writes each renamed beside
     * it. Byte Buddy's ASM package is taken from its class, so the copy follows wherever the build finds it.
     */
    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        String original = AsmRewriter.class.getName().replace('.', '/');
        String bundled = ClassVisitor.class.getName();
        Map<String, String> renames = new LinkedHashMap<>();
        renames.put(bundled.substring(0, bundled.lastIndexOf('.') + 1).replace('.', '/'), JDK_ASM);
        renames.put(original, COPY.replace('.', '/'));
        ArrayDeque<String> todo = new ArrayDeque<>();
        todo.add(original);
        Set<String> done = new HashSet<>();
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (!done.add(name)) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(classes.resolve(name + ".class"));
            String copy = COPY.replace('.', '/') + name.substring(original.length());
            Files.write(classes.resolve(copy + ".class"), ClassFiles.renamed(bytes, renames));
            for (String ref : ClassFiles.classReferences(bytes)) {
                if (ref.startsWith(original)) {
                    todo.add(ref);
                }
            }
        }
    }
}
