package io.threadstorm.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.bootstrap.Recorder;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Every hook checked without a forked JVM: its call resolves to a public static method of {@code Recorder} whose
 * parameters are what the hook pushes, and it matches a method of the running JDK's class (the build runs this on
 * JDK 17 and, where installed, again on JDK 25). A typo in a descriptor fails here, not as a "cannot hook" line in
 * an integration test.
 */
class HooksTest {

    private static final int FEATURE = Runtime.version().feature();

    @Test
    void everyCallResolvesToARecorderMethodTakingWhatTheHookPushes() {
        Map<String, Method> recorder = new HashMap<>();
        for (Method m : Recorder.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
                recorder.put(m.getName() + MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                        .toMethodDescriptorString(), m);
            }
        }
        for (Hook h : new Hooks().hooks()) {
            Method m = recorder.get(h.call());
            assertNotNull(m, h.description() + ": Recorder has no public static " + h.call());
            assertEquals(void.class, m.getReturnType(), h.description());
            int pushed = switch (h.pushes()) {
                case NONE -> 0;
                case THIS, RETURN_VALUE -> 1;
                case THIS_AND_FIRST, THIS_AND_FOURTH -> 2;
            };
            assertEquals(pushed, m.getParameterCount(), h.description() + " pushes " + h.pushes());
            for (Class<?> p : m.getParameterTypes()) {
                assertTrue(!p.isPrimitive(), h.description() + ": hooks push references only");
            }
        }
    }

    @Test
    void everyHookMatchesAMethodOfThisJdk() throws IOException {
        List<String> unmatched = new ArrayList<>();
        Map<String, List<String[]>> methods = new HashMap<>();
        for (Hook h : new Hooks().hooks()) {
            List<String[]> declared = methods.computeIfAbsent(h.type(), HooksTest::declaredMethods);
            boolean expectedMissing = FEATURE < 21 && (h.type().equals("java/lang/VirtualThread")
                    || h.description().equals("Thread.start(ThreadContainer)"));
            boolean found = declared.stream().anyMatch(m -> h.methods().test(m[0], m[1]));
            if (found == expectedMissing) {
                unmatched.add(h.description() + (found ? ": present on JDK " + FEATURE + ", expected missing"
                        : ": no such method on JDK " + FEATURE));
            }
        }
        assertEquals(List.of(), unmatched);
    }

    @Test
    void everyRedirectJoinsTwoConstructorsOfThisJdk() {
        assertTrue(!new Hooks().redirects().isEmpty(), "CompletableFuture's stages are redirected on 17 and 25");
        for (Redirect r : new Hooks().redirects()) {
            List<String[]> declared = declaredMethods(r.type());
            for (String descriptor : List.of(r.from(), r.to())) {
                assertTrue(declared.stream().anyMatch(m -> m[0].equals("<init>") && m[1].equals(descriptor)),
                        r.description() + ": no constructor " + descriptor + " on JDK " + FEATURE);
            }
        }
    }

    /** The methods (name, descriptor) the JDK's class file declares; none when this JDK lacks the class. */
    private static List<String[]> declaredMethods(String type) {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = Object.class.getResourceAsStream("/" + type + ".class")) {
            if (in == null) {
                return out;
            }
            new ClassReader(in.readAllBytes()).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    out.add(new String[] {name, descriptor});
                    return null;
                }
            }, ClassReader.SKIP_CODE);
        } catch (IOException e) {
            throw new AssertionError(type, e);
        }
        return out;
    }
}
