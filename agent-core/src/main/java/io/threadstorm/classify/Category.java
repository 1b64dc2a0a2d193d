package io.threadstorm.classify;

/** Why the threads of a site do not end: the Java face of a goroutine-leak classification tree. */
public enum Category {
    /** put/take/transfer/exchange on a queue with no peer. */
    QUEUE_HANDOFF,
    /** idle workers of pools created per call and never shut down. */
    POOL_NEVER_SHUTDOWN,
    /** CountDownLatch, CyclicBarrier, Phaser or Semaphore never released. */
    LATCH_NEVER_RELEASED,
    /** java.util.Timer or a scheduled pool never cancelled. */
    TIMER_NEVER_CANCELLED,
    /** get/join on a future nobody completes. */
    FUTURE_NEVER_COMPLETED,
    /** threads waiting on each other's locks. */
    DEADLOCK,
    /** threads blocked on a lock another thread holds for long. */
    LOCK_CONTENTION,
    /** threads sleeping in a loop that never ends. */
    SLEEPING,
    /** socket reads, accepts or selectors without timeout. */
    BLOCKING_IO,
    /** runnable threads burning CPU at the same frames. */
    BUSY_SPIN,
    /** Object.wait or park with nothing better known. */
    WAITING,
    /** no rule matched. */
    UNKNOWN
}
