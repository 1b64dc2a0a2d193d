package io.threadstorm.instrument;

import java.util.List;
import java.util.Set;

/**
 * Writes the hooks into one class file: {@link AsmRewriter}, with the ASM that Byte Buddy carries or, where the JDK
 * has one, with the JDK's own copy of ASM ({@link JdkAsm}).
 */
interface Rewriter {

    /**
     * The class with the calls of {@code hooks} added (those for tags only when {@code tagHooks}) and the calls
     * {@code redirect} names redirected, when the class declares the constructor it redirects to; adds to
     * {@code applied} the description of each hook and redirect applied. Throws when it cannot read or write the
     * class.
     */
    byte[] rewrite(byte[] bytes, String className, List<Hook> hooks, Redirect redirect, boolean tagHooks,
                   Set<String> applied);
}
