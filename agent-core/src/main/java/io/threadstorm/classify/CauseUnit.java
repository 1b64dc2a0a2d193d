package io.threadstorm.classify;

import java.util.List;

/**
 * One cause, whole: the rows of the wait table that show it, how strongly it explains a leak, the sentences that
 * show it and the fix. Adding a cause is adding one of these to {@link Causes} (and its {@link Category}); nothing
 * else knows a cause by name. Units read the site only through {@link SiteReading}, which owns the facts.
 */
abstract class CauseUnit {

    /** The category this unit explains. */
    abstract Category category();

    /** The rows of the wait table that show this cause; most causes are shown by frames, some by state. */
    List<WaitRule> rules() {
        return List.of();
    }

    /** How strongly this cause, once shown by every example, explains a leak, given what is known of the site. */
    abstract double strength(SiteReading r);

    /** The verdict's confidence: the strength times the share of examples that show the cause. */
    double confidence(SiteReading r) {
        return strength(r) * r.share();
    }

    /** The sentences that show this cause, most telling first (the classifier adds dissent and age). */
    abstract void evidence(SiteReading r, List<String> out);

    /** Whether the evidence also names the objects the threads wait on (a queue's, a latch's identity). */
    boolean namesWaitedObjects() {
        return false;
    }

    /**
     * Whether threads showing this cause belong to the library object a library call built, when such a call started
     * them ({@link LibraryHints#libraryObjectFix}): the fix is then to close that object, whatever the cause's own.
     */
    boolean libraryObjectOwns(SiteReading r) {
        return false;
    }

    /** What to change, when no frame of the site is known. */
    abstract String genericFix();

    /** What to change, naming the site's frames; {@code at} is the frame the threads wait at. */
    String fix(SiteReading r, String at) {
        return genericFix();
    }

    /** "3 of 4 example threads wait in LinkedBlockingQueue.take at Foo.bar(Foo.java:12)": {@code verb}, plural. */
    static String waitsIn(SiteReading r, String verb) {
        return r.counted(verb) + " in " + r.label() + where(JdkFrames.text(r.waitingAt()));
    }

    /** " at Foo.bar(Foo.java:12)", or nothing when no frame is known (an empty stack). */
    static String where(String at) {
        return at == null ? "" : " at " + at;
    }
}
