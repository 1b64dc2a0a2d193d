package io.threadstorm.classify;

import java.util.List;

/**
 * Threads that wait on each other, as {@code ThreadMXBean.findDeadlockedThreads} (monitors and ownable
 * synchronizers) or a thread dump's "Found one Java-level deadlock" section tells.
 *
 * @param threads every thread of the cycle
 */
public record DeadlockCycle(List<Member> threads) {

    public DeadlockCycle {
        threads = List.copyOf(threads);
    }

    /**
     * @param id      thread id
     * @param name    thread name
     * @param holds   the locks it holds (as {@code LockInfo.toString()})
     * @param wants   the lock it waits for
     * @param ownerId the thread that owns {@code wants}
     */
    public record Member(long id, String name, List<String> holds, String wants, long ownerId) {

        public Member {
            holds = List.copyOf(holds);
        }
    }
}
