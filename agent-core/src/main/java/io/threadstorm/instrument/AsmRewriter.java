package io.threadstorm.instrument;

import java.util.List;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Adds the hooks with ASM: a class is read once and written with the hooks' calls added; nothing else changes (no
 * new members, so loaded classes can be retransformed), and the methods without a hook are copied as they are.
 *
 * <p>Written against the ASM Byte Buddy carries. {@link JdkAsm} loads a second copy of this class (and its nested
 * ones) with every ASM name renamed to the JDK's own copy, where the JDK has one (JDK 17 to 23): only ASM's core API
 * is used here, which both share, and the API level comes from {@link JdkAsm#api}, not from a constant.
 */
final class AsmRewriter implements Rewriter {

    /** The ASM API level this copy asks for. */
    private final int api = JdkAsm.api(ClassVisitor.class);

    /** For {@link JdkAsm} and {@link HookTransformer}: no arguments, so that a reflected call spins nothing. */
    public AsmRewriter() {
    }

    @Override
    public byte[] rewrite(byte[] bytes, String className, List<Hook> hooks, Redirect redirect, boolean tagHooks,
                          Set<String> applied) {
        ClassReader reader = new ClassReader(bytes);
        Redirect r = redirect != null && declares(reader, "<init>", redirect.to()) ? redirect : null;
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(api, writer) {
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
                        mv = new HookedMethod(api, mv, h, (access & Opcodes.ACC_STATIC) != 0);
                    }
                }
                if (r != null && !name.equals("<init>")) {
                    mv = new RedirectedCalls(api, mv, className, r, applied);
                }
                return mv;
            }
        }, 0);
        return writer.toByteArray();
    }

    /** Whether the class declares the method, read without its code. */
    private boolean declares(ClassReader reader, String method, String descriptor) {
        boolean[] found = {false};
        reader.accept(new ClassVisitor(api) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature,
                                             String[] exceptions) {
                found[0] |= name.equals(method) && desc.equals(descriptor);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found[0];
    }

    /** Sends the class's own calls of one constructor to another ({@link Redirect}). */
    private static final class RedirectedCalls extends MethodVisitor {
        private final String owner;
        private final Redirect redirect;
        private final Set<String> applied;

        RedirectedCalls(int api, MethodVisitor next, String owner, Redirect redirect, Set<String> applied) {
            super(api, next);
            this.owner = owner;
            this.redirect = redirect;
            this.applied = applied;
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

        HookedMethod(int api, MethodVisitor next, Hook hook, boolean isStatic) {
            super(api, next);
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
            Hook.Push push = hook.pushes();
            // compared, not switched on: a switch on an enum compiles to a nested class of its own
            if (push == Hook.Push.THIS || push == Hook.Push.THIS_AND_FIRST) {
                if (isStatic) {
                    return;
                }
                super.visitVarInsn(Opcodes.ALOAD, 0);
                if (push == Hook.Push.THIS_AND_FIRST) {
                    super.visitVarInsn(Opcodes.ALOAD, 1);
                }
            } else if (push == Hook.Push.THIS_AND_FOURTH) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitVarInsn(Opcodes.ALOAD, 4);
            } else if (push == Hook.Push.RETURN_VALUE) {
                super.visitInsn(Opcodes.DUP);
            }
            int paren = hook.call().indexOf('(');
            super.visitMethodInsn(Opcodes.INVOKESTATIC, Hook.RECORDER, hook.call().substring(0, paren),
                    hook.call().substring(paren), false);
        }
    }
}
