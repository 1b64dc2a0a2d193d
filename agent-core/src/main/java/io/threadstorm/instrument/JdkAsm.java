package io.threadstorm.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.ArrayDeque;
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
 * <p>The rewriter is {@link AsmRewriter} itself: its class files are loaded a second time, as
 * {@code JdkAsmRewriter}, with every name of Byte Buddy's ASM renamed to the JDK's ({@link ClassFiles#renamed}).
 * {@code java.base} exports the package to the agent's module only. Any class the JDK's copy cannot read or write is
 * left to Byte Buddy's ({@link HookTransformer}).
 */
final class JdkAsm {

    private static final String JDK_ASM = "jdk/internal/org/objectweb/asm/";
    private static final String ORIGINAL = AsmRewriter.class.getName().replace('.', '/');
    private static final String COPY = ORIGINAL.substring(0, ORIGINAL.lastIndexOf('/') + 1) + "JdkAsmRewriter";

    private JdkAsm() {
    }

    /**
     * The ASM API level for the copy whose {@code ClassVisitor} is {@code classVisitor}: Byte Buddy's takes the
     * newest; the JDK's, the level JDK 17's copy knows (8), which the later copies take too.
     */
    static int api(Class<?> classVisitor) {
        return classVisitor == ClassVisitor.class ? Opcodes.ASM9 : Opcodes.ASM8;
    }

    /**
     * The rewriter over the JDK's ASM, or {@code null} where this JDK has none (24+) or refuses it. {@code inst}
     * exports the package to this module ({@code null}: it is exported already, as with {@code --add-exports}).
     * Never throws.
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
            String bundled = ClassVisitor.class.getName();
            Map<String, String> renames = new LinkedHashMap<>();
            renames.put(bundled.substring(0, bundled.lastIndexOf('.') + 1).replace('.', '/'), JDK_ASM);
            renames.put(ORIGINAL, COPY);
            Map<String, byte[]> copies = new LinkedHashMap<>();
            Map<String, java.util.List<String>> names = new java.util.HashMap<>();
            ArrayDeque<String> todo = new ArrayDeque<>();
            todo.add(ORIGINAL);
            while (!todo.isEmpty()) {
                String name = todo.poll();
                if (copies.containsKey(name)) {
                    continue;
                }
                byte[] bytes = read(name);
                copies.put(name, ClassFiles.renamed(bytes, renames));
                names.put(name, ClassFiles.classReferences(bytes));
                for (String ref : names.get(name)) {
                    if (ref.startsWith(ORIGINAL)) {
                        todo.add(ref);
                    }
                }
            }
            return (Rewriter) define(copies, names).getConstructor().newInstance();
        } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * Defines the copies in this class's loader and package, each after the nested ones it names (the JVM links a
     * class as it defines it, and its verifier then loads the classes it passes as their supertypes, which no loader
     * could find before they are defined); the outer class, which the nested ones name too, last. Returns it.
     */
    private static Class<?> define(Map<String, byte[]> copies, Map<String, java.util.List<String>> names)
            throws IllegalAccessException {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        java.util.Set<String> defined = new java.util.HashSet<>();
        java.util.List<String> order = new java.util.ArrayList<>(copies.keySet());
        Class<?> outer = null;
        while (!order.isEmpty()) {
            String next = order.get(0);
            for (String name : order) {
                if (ready(name, names.get(name), copies.keySet(), defined)) {
                    next = name;
                    break;
                }
            }
            Class<?> c = lookup.defineClass(copies.get(next));
            if (next.equals(ORIGINAL)) {
                outer = c;
            }
            defined.add(next);
            order.remove(next);
        }
        return outer;
    }

    /** Whether every copy {@code name} names is defined (the outer one aside, unless {@code name} is it). */
    private static boolean ready(String name, java.util.List<String> names, java.util.Set<String> copies,
                                 java.util.Set<String> defined) {
        for (String ref : names) {
            if (!ref.equals(name) && copies.contains(ref) && !defined.contains(ref)
                    && (name.equals(ORIGINAL) || !ref.equals(ORIGINAL))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] read(String internalName) throws IOException {
        try (InputStream in = JdkAsm.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                throw new IOException("no " + internalName + ".class");
            }
            return in.readAllBytes();
        }
    }
}
