package io.threadstorm.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Adds the hooks to the JDK classes it is given, with the ASM that Byte Buddy carries: a class is read once and
 * written with the hooks' calls added; nothing else changes (no new members, so loaded classes can be
 * retransformed). Never throws: a class it cannot change stays as it was, and the failure is remembered.
 */
final class HookTransformer implements ClassFileTransformer {

    private final Map<String, List<Hook>> byType;
    private final Map<String, Redirect> redirects;
    /** "type.method" of every hook applied, to tell which hooks this JDK lacks. */
    final Set<String> applied = ConcurrentHashMap.newKeySet();
    final Map<String, Throwable> failures = new ConcurrentHashMap<>();
    /** Whether the hooks only tags need ({@link Hook#onFirstTag}) go in too. */
    volatile boolean tagHooks;
    /** What {@link #missingIn} found in classes hooked as they loaded, until {@link #missingSinceInstall} takes it. */
    private final Queue<String> missingLater = new ConcurrentLinkedQueue<>();

    HookTransformer(Map<String, List<Hook>> byType) {
        this(byType, Map.of());
    }

    HookTransformer(Map<String, List<Hook>> byType, Map<String, Redirect> redirects) {
        this.byType = byType;
        this.redirects = redirects;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        List<Hook> hooks = className == null || loader != null ? null : byType.get(className);
        if (hooks == null) {
            return null;
        }
        byte[] hooked = null;
        try {
            ClassReader reader = new ClassReader(bytes);
            Redirect redirect = redirects.get(className);
            if (redirect != null && !declares(reader, "<init>", redirect.to())) {
                redirect = null; // the constructor it would call is not there: leave the calls alone
            }
            hooked = transform(reader, className, hooks, redirect);
        } catch (Throwable t) {
            failures.putIfAbsent(className, t);
        }
        if (redefined == null) {
            missingLater.addAll(missingIn(className)); // loaded after install: nobody else will ask
        }
        return hooked;
    }

    private byte[] transform(ClassReader reader, String className, List<Hook> hooks, Redirect redirect) {
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if ((access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                    return mv;
                }
                for (Hook h : hooks) {
                    if ((!h.onFirstTag() || tagHooks) && h.methods().test(name, descriptor)) {
                        applied.add(h.description());
                        mv = new HookedMethod(mv, h, (access & Opcodes.ACC_STATIC) != 0);
                    }
                }
                if (redirect != null && !name.equals("<init>")) {
                    mv = new RedirectedCalls(mv, className, redirect);
                }
                return mv;
            }
        }, 0);
        return writer.toByteArray();
    }

    /** Whether the class declares the method, read without its code. */
    private static boolean declares(ClassReader reader, String method, String descriptor) {
        boolean[] found = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature,
                                             String[] exceptions) {
                found[0] |= name.equals(method) && desc.equals(descriptor);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found[0];
    }

    /** One line per hook (and redirect) of {@code type} that this transformer did not apply, with why. */
    List<String> missingIn(String type) {
        List<String> missing = new ArrayList<>();
        Throwable failure = failures.get(type);
        for (Hook h : byType.getOrDefault(type, List.of())) {
            boolean optional = h.description().equals("Thread.start(ThreadContainer)")
                    && Runtime.version().feature() < 21;
            boolean later = h.onFirstTag() && !tagHooks;
            if (!applied.contains(h.description()) && !optional && !later) {
                missing.add(h.description() + (failure == null ? ": no such method on this JDK" : ": " + failure));
            }
        }
        Redirect r = redirects.get(type);
        if (r != null && failure == null && !applied.contains(r.description())) {
            // the stages then pass the constructor hook as before: slower, still correct
            missing.add(r.description() + ": no such call on this JDK");
        }
        return missing;
    }

    /** Takes what {@link #missingIn} found in classes hooked as they loaded. */
    List<String> missingSinceInstall() {
        List<String> out = new ArrayList<>();
        for (String m; (m = missingLater.poll()) != null; ) {
            out.add(m);
        }
        return out;
    }

    /** Sends the class's own calls of one constructor to another ({@link Redirect}). */
    private final class RedirectedCalls extends MethodVisitor {
        private final String owner;
        private final Redirect redirect;

        RedirectedCalls(MethodVisitor next, String owner, Redirect redirect) {
            super(Opcodes.ASM9, next);
            this.owner = owner;
            this.redirect = redirect;
        }

        @Override
        public void visitMethodInsn(int opcode, String type, String name, String descriptor, boolean isInterface) {
            if (opcode == Opcodes.INVOKESPECIAL && type.equals(owner) && name.equals("<init>")
                    && descriptor.equals(redirect.from())) {
                applied.add(redirect.description());
                super.visitInsn(Opcodes.ACONST_NULL);
                super.visitMethodInsn(opcode, type, name, redirect.to(), isInterface);
                return;
            }
            super.visitMethodInsn(opcode, type, name, descriptor, isInterface);
        }
    }

    /** Emits one hook's call at entry or before each return. */
    private static final class HookedMethod extends MethodVisitor {
        private final Hook hook;
        private final boolean isStatic;

        HookedMethod(MethodVisitor next, Hook hook, boolean isStatic) {
            super(Opcodes.ASM9, next);
            this.hook = hook;
            this.isStatic = isStatic;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (hook.atEntry()) {
                call();
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (!hook.atEntry() && opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                call();
            }
            super.visitInsn(opcode);
        }

        private void call() {
            switch (hook.pushes()) {
                case THIS -> {
                    if (isStatic) {
                        return;
                    }
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                }
                case THIS_AND_FIRST -> {
                    if (isStatic) {
                        return;
                    }
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitVarInsn(Opcodes.ALOAD, 1);
                }
                case THIS_AND_FOURTH -> {
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitVarInsn(Opcodes.ALOAD, 4);
                }
                case RETURN_VALUE -> super.visitInsn(Opcodes.DUP);
                default -> {
                }
            }
            int paren = hook.call().indexOf('(');
            super.visitMethodInsn(Opcodes.INVOKESTATIC, Hook.RECORDER, hook.call().substring(0, paren),
                    hook.call().substring(paren), false);
        }
    }
}
