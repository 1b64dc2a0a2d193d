package io.threadstorm.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.threadstorm.instrument.Hook.Push;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinTask;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The transformer on the JDK's own class files, as the JVM hands them over: at load (a class the agent did not
 * retransform at start) and at retransformation.
 */
class HookTransformerTest {

    private static final String TIMER = "java/util/Timer";
    private static final String CALL = "executorShutdown(Ljava/lang/Object;)V";

    @Test
    void aHookMissingFromAClassLoadedLaterIsToldOnceAndOnlyThen() throws IOException {
        Hook present = new Hook(TIMER, "Timer.cancel", (n, d) -> n.equals("cancel"), true, CALL, Push.THIS);
        Hook absent = new Hook(TIMER, "Timer.nothing", (n, d) -> n.equals("noSuchMethod"), true, CALL, Push.THIS);
        HookTransformer t = new HookTransformer(Map.of(TIMER, List.of(present, absent)));

        byte[] hooked = t.transform(null, null, TIMER, null, null, jdkClass(TIMER));
        assertNotNull(hooked);
        assertTrue(calls(hooked).contains("cancel -> " + CALL), calls(hooked).toString());
        assertEquals(List.of("Timer.nothing: no such method on this JDK"), t.missingSinceInstall());
        assertEquals(List.of(), t.missingSinceInstall(), "told once");

        // a retransformation at start is asked about by install itself, not told again later
        t.transform(null, null, TIMER, java.util.Timer.class, null, jdkClass(TIMER));
        assertEquals(List.of(), t.missingSinceInstall());
        assertEquals(List.of("Timer.nothing: no such method on this JDK"), t.missingIn(TIMER));
    }

    @Test
    void classesOfOtherLoadersAndOtherNamesAreLeftAlone() throws IOException {
        Hook cancel = new Hook(TIMER, "Timer.cancel", (n, d) -> n.equals("cancel"), true, CALL, Push.THIS);
        HookTransformer t = new HookTransformer(Map.of(TIMER, List.of(cancel)));
        assertNull(t.transform(null, getClass().getClassLoader(), TIMER, null, null, jdkClass(TIMER)));
        assertNull(t.transform(null, null, "java/util/TimerTask", null, null, jdkClass("java/util/TimerTask")));
        assertEquals(List.of(), t.missingSinceInstall());
    }

    @Test
    void aRedirectToAConstructorTheClassLacksIsNotApplied() throws IOException {
        String cf = "java/util/concurrent/CompletableFuture";
        Hook get = new Hook(cf, "CompletableFuture.get", (n, d) -> n.equals("waitingGet"), true,
                "futureAwaited(Ljava/lang/Object;)V", Push.THIS);
        Redirect real = new Redirect(cf, "stages", "()V", "(Ljava/lang/Object;)V");
        Redirect bogus = new Redirect(cf, "stages", "()V", "(Ljava/lang/String;)V");

        HookTransformer withReal = new HookTransformer(Map.of(cf, List.of(get)), Map.of(cf, real));
        List<String> redirected = calls(withReal.transform(null, null, cf, null, null, jdkClass(cf)));
        assertTrue(redirected.stream().anyMatch(c -> c.endsWith("<init>(Ljava/lang/Object;)V")), "applied");
        assertEquals(List.of(), withReal.missingSinceInstall());

        // calling a constructor that is not there would fail every stage at run time: the calls stay as they were
        HookTransformer withBogus = new HookTransformer(Map.of(cf, List.of(get)), Map.of(cf, bogus));
        List<String> left = calls(withBogus.transform(null, null, cf, null, null, jdkClass(cf)));
        assertTrue(left.stream().noneMatch(c -> c.endsWith("<init>(Ljava/lang/String;)V")), "not applied");
        assertEquals(List.of("stages: no such call on this JDK"), withBogus.missingSinceInstall());
    }

    @Test
    void aHookForTagsGoesInOnlyOnceTagsAreOnAndIsNotMissingBefore() throws IOException {
        String fjt = "java/util/concurrent/ForkJoinTask";
        String call = "contextTask(Ljava/lang/Object;)V";
        Hook ctor = new Hook(fjt, "new ForkJoinTask()", (n, d) -> n.equals("<init>") && d.equals("()V"), false, call,
                Push.THIS, true);
        HookTransformer t = new HookTransformer(Map.of(fjt, List.of(ctor)));
        List<String> before = calls(t.transform(null, null, fjt, null, null, jdkClass(fjt)));
        assertTrue(before.stream().noneMatch(c -> c.endsWith(call)), "not in while nothing is tagged");
        assertEquals(List.of(), t.missingSinceInstall(), "not missing either");

        t.tagHooks = true;
        List<String> after = calls(t.transform(null, null, fjt, ForkJoinTask.class, null, jdkClass(fjt)));
        assertTrue(after.contains("<init> -> " + call), after.toString());
        assertEquals(List.of(), t.missingIn(fjt));
    }

    private static byte[] jdkClass(String internalName) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            assertNotNull(in, internalName);
            return in.readAllBytes();
        }
    }

    /** Every method call in the class, as {@code caller -> name(descriptor)}. */
    private static List<String> calls(byte[] classFile) {
        List<String> out = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String caller, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
                        out.add(caller + " -> " + name + desc);
                    }
                };
            }
        }, 0);
        return out;
    }
}
