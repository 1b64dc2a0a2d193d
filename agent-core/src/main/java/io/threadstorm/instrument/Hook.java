package io.threadstorm.instrument;

import java.util.function.BiPredicate;

/**
 * One call the agent adds to a JDK method: which class and methods, at entry or before each return, and which
 * {@code Recorder} method it calls with which values. A hook only pushes values and calls a static method, so the
 * method's control flow and stack map frames stay as they were.
 *
 * @param type        internal class name, {@code java/lang/Thread}
 * @param description what it is, for the messages
 * @param methods     which methods, by name and descriptor
 * @param atEntry     at method entry; else before every return
 * @param call        the {@code Recorder} method and its descriptor
 * @param pushes      what to push before the call
 * @param onFirstTag  put in only once a thread is first tagged ({@link Hooks#enableTagHooks}), not at start
 */
record Hook(String type, String description, BiPredicate<String, String> methods, boolean atEntry, String call,
            Push pushes, boolean onFirstTag) {

    /** A hook put in at start. */
    Hook(String type, String description, BiPredicate<String, String> methods, boolean atEntry, String call,
         Push pushes) {
        this(type, description, methods, atEntry, call, pushes, false);
    }

    /** The values a hook passes. */
    enum Push {
        /** nothing */
        NONE,
        /** {@code this} */
        THIS,
        /** {@code this} and the first argument */
        THIS_AND_FIRST,
        /** {@code this} and the fourth argument (a reference) */
        THIS_AND_FOURTH,
        /** the value about to be returned (a copy of it) */
        RETURN_VALUE
    }

    /** The recorder's internal name. */
    static final String RECORDER = "io/threadstorm/bootstrap/Recorder";
}
