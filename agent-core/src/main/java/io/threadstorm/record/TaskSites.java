package io.threadstorm.record;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Creation sites by the class of the task a thread runs: a lambda, method reference or anonymous class is written at
 * one place in the source, so once a stack walk has seen where such a class's thread started, later starts can take
 * the site from the class. A class seen at two sites is marked ambiguous for good, and its starts walk again.
 *
 * <p>The entries hang off the classes themselves ({@link ClassValue}): when an application's class loader is dropped
 * (a redeployed web application), its task classes and their entries go with it, and the agent never pins a loader.
 */
final class TaskSites {

    /** The mark of a class seen at two sites. */
    private static final Site AMBIGUOUS = new Site(0, Site.Kind.PLATFORM, "ambiguous", List.of());
    /** The entry of every class that may not name a site: never written. */
    private static final AtomicReference<Site> NEVER = new AtomicReference<>();

    /** Only lambdas and method references ({@link #lambdasOnly}); else anonymous classes too ({@link #writtenAtOnePlace}). */
    private final boolean lambdas;

    /** Each class is asked once, when first seen, whether it may name a site. */
    private final ClassValue<AtomicReference<Site>> byClass = new ClassValue<>() {
        @Override
        protected AtomicReference<Site> computeValue(Class<?> type) {
            return (lambdas ? lambdasOnly(type) : writtenAtOnePlace(type)) ? new AtomicReference<>() : NEVER;
        }
    };

    /**
     * @param lambdasOnly which task classes may name a site: {@link #lambdasOnly}, else {@link #writtenAtOnePlace} (a
     *                    flag rather than a predicate: a method reference would spin a class at start-up)
     */
    TaskSites(boolean lambdasOnly) {
        this.lambdas = lambdasOnly;
    }

    /** The site the class tells, or {@code null}: not seen yet, ambiguous, or a class that names no one place. */
    Site get(Class<?> type) {
        Site site = byClass.get(type).get();
        return site == AMBIGUOUS ? null : site;
    }

    /**
     * Notes that a thread running a task of class {@code type} started at {@code site}, which a walk found; nothing
     * for a class that may not name a site. A class noted at two sites is ambiguous from then on.
     */
    void learn(Class<?> type, Site site) {
        AtomicReference<Site> ref = byClass.get(type);
        Site was = ref.get();
        if (ref == NEVER || was == site || was == AMBIGUOUS || (was == null && ref.compareAndSet(null, site))) {
            return;
        }
        if (ref.get() != site) {
            ref.set(AMBIGUOUS);
        }
    }

    /** Lambdas and method references (hidden classes): one class per place in the source. */
    static boolean lambdasOnly(Class<?> type) {
        return type.isHidden();
    }

    /**
     * Lambdas, method references and anonymous classes: each written at one place in the source. False for a class
     * whose attributes the JVM cannot read, which then never names a site.
     */
    static boolean writtenAtOnePlace(Class<?> type) {
        try {
            return type.isHidden() || type.isAnonymousClass();
        } catch (LinkageError | InternalError e) { // a malformed InnerClasses attribute
            return false;
        }
    }
}
