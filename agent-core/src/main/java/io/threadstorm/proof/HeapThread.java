package io.threadstorm.proof;

import java.util.List;

/**
 * A thread as the heap dump shows it.
 *
 * @param objectId    the thread object's id in the dump
 * @param serial      the dump's thread serial number (its frames' roots carry it)
 * @param id          {@code Thread.getId()}
 * @param name        the thread's name
 * @param virtual     a virtual thread
 * @param waits       how it waits
 * @param stack       its frames, top first
 * @param wakers      ids of what can wake it (empty when none is known)
 * @param waker       the id of the waker shown to a person, or -1
 */
record HeapThread(long objectId, int serial, long id, String name, boolean virtual, Wait waits,
                  List<StackTraceElement> stack, long[] wakers, long waker) {

    /** How a thread waits, read from its status in the dump. */
    enum Wait {
        /** Parked or in {@code Object.wait} without a deadline: judged. */
        UNTIMED,
        /** Waits with a deadline or sleeps: it wakes by itself. */
        TIMED,
        /** Runnable, blocked on a monitor, new or in a transition: live. */
        NONE
    }
}
