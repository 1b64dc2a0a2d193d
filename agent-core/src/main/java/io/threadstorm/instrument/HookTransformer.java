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

/**
 * Adds the hooks to the JDK classes it is given ({@link AsmRewriter}): with the JDK's own ASM where there is one
 * ({@link JdkAsm}), else, or for a class that one cannot handle, with the ASM that Byte Buddy carries. Never throws: a
 * class it cannot change stays as it was, and the failure is remembered.
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

    /** The JDK's ASM, or {@code null}; {@link #bundled} is made at its first use only. */
    private final Rewriter jdk;
    private volatile Rewriter bundled;
    /** Classes {@link #jdk} could not rewrite, and why (so that a test can tell which one wrote a class). */
    final Map<String, Throwable> leftToBundled = new ConcurrentHashMap<>();

    HookTransformer(Map<String, List<Hook>> byType) {
        this(byType, Map.of(), null);
    }

    HookTransformer(Map<String, List<Hook>> byType, Map<String, Redirect> redirects) {
        this(byType, redirects, null);
    }

    /** {@code jdk}: the rewriter over the JDK's ASM ({@link JdkAsm#load}), or {@code null} for Byte Buddy's only. */
    HookTransformer(Map<String, List<Hook>> byType, Map<String, Redirect> redirects, Rewriter jdk) {
        this.byType = byType;
        this.redirects = redirects;
        this.jdk = jdk;
    }

    /** Whether the JDK's ASM writes the hooks. */
    boolean withJdkAsm() {
        return jdk != null;
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
            hooked = rewrite(bytes, className, hooks, redirects.get(className));
        } catch (Throwable t) {
            failures.putIfAbsent(className, t);
        }
        if (redefined == null) {
            missingLater.addAll(missingIn(className)); // loaded after install: nobody else will ask
        }
        return hooked;
    }

    private byte[] rewrite(byte[] bytes, String className, List<Hook> hooks, Redirect redirect) {
        if (jdk != null) {
            try {
                return jdk.rewrite(bytes, className, hooks, redirect, tagHooks, applied);
            } catch (Throwable t) {
                leftToBundled.putIfAbsent(className, t); // a class file newer than the JDK's copy reads, say
            }
        }
        Rewriter b = bundled;
        if (b == null) {
            bundled = b = new AsmRewriter();
        }
        return b.rewrite(bytes, className, hooks, redirect, tagHooks, applied);
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
}
