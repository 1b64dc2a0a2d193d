package io.threadstorm.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Exchanger;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each test starts real threads that block the way a leak category does, waits until they are there, samples
 * them through {@code ThreadMXBean} and classifies the samples. The tests run on JDK 17 and 25: their stacks
 * differ, the causes must not.
 */
class ClassifierTest {

    static final String TEST = ClassifierTest.class.getSimpleName();
    private final Classifier classifier = new Classifier();

    /**
     * A way to block forever: {@code blocker} makes what one thread blocks on, registers how to release it at
     * cleanup (for the waits an interrupt does not end), and returns the thread's body.
     */
    record Scenario(String name, Category expected, String label, String frame,
                    Function<TestThreads, TestThreads.Body> blocker) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Scenario scenario(String name, Category expected, String label, String frame, TestThreads.Body body) {
        return new Scenario(name, expected, label, frame, live -> body);
    }

    static Stream<Arguments> blockingPrimitives() {
        return Stream.of(
                scenario("LinkedBlockingQueue.take", Category.QUEUE_HANDOFF, "LinkedBlockingQueue.take",
                        "java.util.concurrent.LinkedBlockingQueue.take", () -> new LinkedBlockingQueue<>().take()),
                scenario("LinkedBlockingQueue.poll(1h)", Category.QUEUE_HANDOFF, "LinkedBlockingQueue.poll",
                        "java.util.concurrent.LinkedBlockingQueue.poll",
                        () -> new LinkedBlockingQueue<>().poll(1, TimeUnit.HOURS)),
                scenario("ArrayBlockingQueue.put on a full queue", Category.QUEUE_HANDOFF, "ArrayBlockingQueue.put",
                        "java.util.concurrent.ArrayBlockingQueue.put", () -> {
                            ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(1);
                            q.put(1);
                            q.put(2);
                        }),
                scenario("SynchronousQueue.put", Category.QUEUE_HANDOFF, "SynchronousQueue.put",
                        "java.util.concurrent.SynchronousQueue.put", () -> new SynchronousQueue<>().put(1)),
                scenario("LinkedTransferQueue.transfer", Category.QUEUE_HANDOFF, "LinkedTransferQueue.transfer",
                        "java.util.concurrent.LinkedTransferQueue.transfer",
                        () -> new LinkedTransferQueue<>().transfer(1)),
                scenario("Exchanger.exchange", Category.QUEUE_HANDOFF, "Exchanger.exchange",
                        "java.util.concurrent.Exchanger.exchange", () -> new Exchanger<>().exchange(1)),
                scenario("CountDownLatch.await", Category.LATCH_NEVER_RELEASED, "CountDownLatch.await",
                        "java.util.concurrent.CountDownLatch.await", () -> new CountDownLatch(1).await()),
                scenario("CyclicBarrier.await", Category.LATCH_NEVER_RELEASED, "CyclicBarrier.await",
                        "java.util.concurrent.CyclicBarrier.await", () -> new CyclicBarrier(2).await()),
                new Scenario("Phaser.arriveAndAwaitAdvance", Category.LATCH_NEVER_RELEASED,
                        "Phaser.arriveAndAwaitAdvance", "java.util.concurrent.Phaser.arriveAndAwaitAdvance", live -> {
                            Phaser phaser = new Phaser(2);
                            live.onClose(phaser::forceTermination); // arriveAndAwaitAdvance ignores interrupts
                            return () -> phaser.arriveAndAwaitAdvance();
                        }),
                scenario("Semaphore.acquire", Category.LATCH_NEVER_RELEASED, "Semaphore.acquire",
                        "java.util.concurrent.Semaphore.acquire", () -> new Semaphore(0).acquire()),
                new Scenario("CompletableFuture.join", Category.FUTURE_NEVER_COMPLETED, "CompletableFuture.join",
                        "java.util.concurrent.CompletableFuture.join", live -> {
                            CompletableFuture<String> never = new CompletableFuture<>();
                            live.onClose(() -> never.complete("done")); // join ignores interrupts
                            return () -> never.join();
                        }),
                scenario("CompletableFuture.get", Category.FUTURE_NEVER_COMPLETED, "CompletableFuture.get",
                        "java.util.concurrent.CompletableFuture.get", () -> new CompletableFuture<>().get()),
                scenario("CompletableFuture.get(1h)", Category.FUTURE_NEVER_COMPLETED, "CompletableFuture.get",
                        "java.util.concurrent.CompletableFuture.get",
                        () -> new CompletableFuture<>().get(1, TimeUnit.HOURS)),
                scenario("FutureTask.get", Category.FUTURE_NEVER_COMPLETED, "FutureTask.get",
                        "java.util.concurrent.FutureTask.get", () -> new FutureTask<>(() -> 1).get()),
                scenario("Thread.sleep", Category.SLEEPING, "Thread.sleep", "java.lang.Thread.sleep*",
                        () -> Thread.sleep(3_600_000)),
                scenario("TimeUnit.sleep", Category.SLEEPING, "TimeUnit.sleep", "java.util.concurrent.TimeUnit.sleep",
                        () -> TimeUnit.HOURS.sleep(1)),
                scenario("Object.wait", Category.WAITING, "Object.wait", "java.lang.Object.wait*", () -> {
                    Object monitor = new Object();
                    synchronized (monitor) {
                        monitor.wait();
                    }
                }),
                scenario("LockSupport.park", Category.WAITING, "LockSupport.park",
                        "java.util.concurrent.locks.LockSupport.park", () -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                LockSupport.park();
                            }
                        }),
                scenario("Condition.await", Category.WAITING, "AbstractQueuedSynchronizer$ConditionObject.await",
                        "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject.await", () -> {
                            ReentrantLock lock = new ReentrantLock();
                            Condition never = lock.newCondition();
                            lock.lock();
                            try {
                                never.await();
                            } finally {
                                lock.unlock();
                            }
                        })
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blockingPrimitives")
    void threadsBlockedInAPrimitiveAreClassifiedByIt(Scenario scenario) throws Exception {
        try (TestThreads live = new TestThreads()) {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                threads.add(live.start("leak-" + i, scenario.blocker().apply(live)));
            }
            for (Thread t : threads) {
                TestThreads.awaitIn(t, scenario.frame(), Thread.State.WAITING, Thread.State.TIMED_WAITING);
            }

            Cause cause = classifier.classify(SiteFacts.unknown("platform", null, 3), live.samples(threads));

            assertWellFormed(cause);
            assertEquals(scenario.expected(), cause.category(), cause.toString());
            assertTrue(cause.waitingAt().contains(TEST + ".lambda$"), cause.waitingAt());
            String headline = cause.evidence().get(0);
            assertTrue(headline.startsWith("3 of 3 example threads"), headline);
            assertTrue(headline.contains(" in " + scenario.label() + " at " + cause.waitingAt()), headline);
            assertTrue(cause.fix().contains(TEST), cause.fix());
            assertTrue(cause.confidence() >= (scenario.expected() == Category.WAITING ? 0.5 : 0.8), cause.toString());
        }
    }

    @Test
    void threadsOnOneQueueEachAreNamedAsSuch() throws Exception {
        try (TestThreads live = new TestThreads()) {
            LinkedBlockingQueue<String> shared = new LinkedBlockingQueue<>();
            List<Thread> own = new ArrayList<>();
            List<Thread> same = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                own.add(live.start("own-" + i, () -> new LinkedBlockingQueue<String>().take()));
                same.add(live.start("same-" + i, shared::take));
            }
            for (Thread t : concat(own, same)) {
                TestThreads.awaitIn(t, "java.util.concurrent.LinkedBlockingQueue.take", Thread.State.WAITING);
            }

            Cause ownQueues = classifier.classify(SiteFacts.unknown("platform", null, 3), live.samples(own));
            Cause sharedQueue = classifier.classify(SiteFacts.unknown("platform", null, 3), live.samples(same));

            assertTrue(ownQueues.evidence().get(1).startsWith("Each waits on a different object (3 distinct"),
                    ownQueues.evidence().toString());
            assertTrue(sharedQueue.evidence().get(1).startsWith("All of them wait on the same object"),
                    sharedQueue.evidence().toString());
        }
    }

    @Test
    void aMixedSiteIsJudgedByTheThreadsThatNeverEnd() throws Exception {
        try (TestThreads live = new TestThreads()) {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                threads.addAll(IdlePools.cached(live)); // idle within the keep-alive: ends after 60 s
            }
            CompletableFuture<String> never = new CompletableFuture<>();
            for (int i = 0; i < 3; i++) {
                threads.add(live.start("awaits-" + i, never::get));
            }
            for (Thread t : threads) {
                TestThreads.awaitState(t, t.getName().startsWith("awaits-") ? Thread.State.WAITING
                        : Thread.State.TIMED_WAITING);
            }

            Cause cause = classifier.classify(SiteFacts.unknown("executor", null, threads.size()),
                    live.samples(threads));

            assertWellFormed(cause);
            assertEquals(Category.FUTURE_NEVER_COMPLETED, cause.category(), cause.toString());
            assertTrue(cause.confidence() > 0.5, cause.toString());
        }
    }

    @Test
    void threadsALibraryCallStartedIdleInsideTheLibraryAreItsObjectsWorkers() throws Exception {
        try (TestThreads live = new TestThreads()) {
            Object jobs = new Object();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                threads.add(live.start("imports_Worker-" + i, () -> {
                    synchronized (jobs) {
                        jobs.wait(); // a hand-rolled pool's worker waiting for its next job
                    }
                }));
            }
            live.onClose(() -> {
                synchronized (jobs) {
                    jobs.notifyAll();
                }
            });
            for (Thread t : threads) {
                TestThreads.awaitIn(t, "java.lang.Object.wait", Thread.State.WAITING);
            }
            String createdAt = "com.acme.Imports.run(Imports.java:31)";
            SiteFacts bare = SiteFacts.unknown("platform", createdAt, 3);
            SiteFacts byLibrary = new SiteFacts("platform", createdAt, 3, 0, 0, null, 0, 0, null, -1, List.of(),
                    "org.quartz.impl.StdSchedulerFactory.getScheduler");

            assertEquals(Category.WAITING, classifier.classify(bare, live.samples(threads)).category());
            Cause cause = classifier.classify(byLibrary, live.samples(threads));

            assertWellFormed(cause);
            assertEquals(Category.POOL_NEVER_SHUTDOWN, cause.category(), cause.toString());
            assertTrue(cause.fix().contains("started inside StdSchedulerFactory.getScheduler, called at " + createdAt),
                    cause.fix());
            assertTrue(cause.fix().contains("With Quartz, shutdown()"), cause.fix());
            assertTrue(String.join(" ", cause.evidence()).contains("org.quartz.impl.StdSchedulerFactory.getScheduler"),
                    cause.evidence().toString());
        }
    }

    @Test
    void poolsCreatedPerCallAndNeverShutDown() throws Exception {
        try (TestThreads live = new TestThreads()) {
            String createdAt = null;
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                createdAt = TestThreads.here();
                workers.addAll(IdlePools.fixed(live, 2));
            }
            for (Thread w : workers) {
                TestThreads.awaitIn(w, "java.util.concurrent.ThreadPoolExecutor.getTask", Thread.State.WAITING);
            }

            Cause cause = classifier.classify(poolFacts(createdAt, 3, 0, workers.size()), live.samples(workers));

            assertWellFormed(cause);
            assertEquals(Category.POOL_NEVER_SHUTDOWN, cause.category());
            assertTrue(cause.confidence() >= 0.9, cause.toString());
            assertTrue(cause.waitingAt().startsWith("java.util.concurrent.ThreadPoolExecutor.getTask("),
                    cause.waitingAt());
            assertEquals("3 pools created at " + createdAt + ", none shut down: the signature of a pool created per"
                    + " call and never shut down.", cause.evidence().get(0));
            assertTrue(cause.evidence().get(1).startsWith("6 of 6 example threads are idle pool workers waiting in"
                    + " ThreadPoolExecutor.getTask"), cause.evidence().get(1));
            assertTrue(cause.fix().contains(createdAt), cause.fix());
        }
    }

    @Test
    void oneIdleSharedPoolIsNotMuchOfALeak() throws Exception {
        try (TestThreads live = new TestThreads()) {
            String createdAt = TestThreads.here();
            List<Thread> workers = IdlePools.fixed(live, 2);
            for (Thread w : workers) {
                TestThreads.awaitIn(w, "java.util.concurrent.ThreadPoolExecutor.getTask", Thread.State.WAITING);
            }

            Cause one = classifier.classify(poolFacts(createdAt, 1, 0, 2), live.samples(workers));
            Cause many = classifier.classify(poolFacts(createdAt, 2, 0, 2), live.samples(workers));

            assertEquals(Category.POOL_NEVER_SHUTDOWN, one.category());
            assertTrue(one.confidence() < 0.5, one.toString());
            assertTrue(many.confidence() > one.confidence() + 0.4, many + " vs " + one);
            assertTrue(one.evidence().get(0).startsWith("Only one executor was created at " + createdAt),
                    one.evidence().toString());
        }
    }

    @Test
    void withoutAgentFactsPoolNumbersInThreadNamesShowPoolsPerCall() throws Exception {
        try (TestThreads live = new TestThreads()) {
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                workers.addAll(IdlePools.fixed(live, 1));
            }
            for (Thread w : workers) {
                TestThreads.awaitIn(w, "java.util.concurrent.ThreadPoolExecutor.getTask", Thread.State.WAITING);
            }

            Cause cause = classifier.classify(SiteFacts.unknown("dump", null, 3), live.samples(workers));

            assertEquals(Category.POOL_NEVER_SHUTDOWN, cause.category());
            assertTrue(cause.evidence().get(0).startsWith("The example threads belong to 3 different pools (pool-"),
                    cause.evidence().toString());
            assertTrue(cause.confidence() >= 0.7, cause.toString());
        }
    }

    @Test
    void idleCachedAndForkJoinPoolWorkersTimeOutButStillCount() throws Exception {
        try (TestThreads live = new TestThreads()) {
            String createdAt = TestThreads.here();
            List<Thread> cached = new ArrayList<>();
            List<Thread> forkJoin = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                cached.addAll(IdlePools.cached(live));
                forkJoin.addAll(IdlePools.forkJoin(live));
            }
            for (Thread w : cached) {
                TestThreads.awaitIn(w, "java.util.concurrent.ThreadPoolExecutor.getTask", Thread.State.TIMED_WAITING);
            }
            for (Thread w : forkJoin) {
                TestThreads.awaitIn(w, "java.util.concurrent.ForkJoinPool.awaitWork", Thread.State.WAITING,
                        Thread.State.TIMED_WAITING);
            }

            Cause c = classifier.classify(poolFacts(createdAt, 2, 0, 2), live.samples(cached));
            Cause f = classifier.classify(poolFacts(createdAt, 2, 0, 2), live.samples(forkJoin));

            assertEquals(Category.POOL_NEVER_SHUTDOWN, c.category(), c.toString());
            assertEquals(Category.POOL_NEVER_SHUTDOWN, f.category(), f.toString());
            assertTrue(c.evidence().stream().anyMatch(e -> e.contains("keep-alive")), c.evidence().toString());
            assertTrue(f.waitingAt().startsWith("java.util.concurrent.ForkJoinPool.awaitWork("), f.waitingAt());
            assertTrue(c.confidence() >= 0.7 && f.confidence() >= 0.7, c + " / " + f);
        }
    }

    @Test
    void scheduledPoolsWithATaskDueLaterAreTimersAndEmptyOnesArePools() throws Exception {
        try (TestThreads live = new TestThreads()) {
            String createdAt = TestThreads.here();
            List<Thread> pending = new ArrayList<>();
            List<Thread> empty = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                pending.add(IdlePools.scheduled(live, true));
                empty.add(IdlePools.scheduled(live, false));
            }
            for (Thread w : pending) {
                TestThreads.awaitIn(w, "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take",
                        Thread.State.TIMED_WAITING);
            }
            for (Thread w : empty) {
                TestThreads.awaitIn(w, "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take",
                        Thread.State.WAITING);
            }

            Cause timers = classifier.classify(poolFacts(createdAt, 2, 0, 2), live.samples(pending));
            Cause pools = classifier.classify(poolFacts(createdAt, 2, 0, 2), live.samples(empty));

            assertWellFormed(timers);
            assertEquals(Category.TIMER_NEVER_CANCELLED, timers.category(), timers.toString());
            assertTrue(timers.evidence().contains("2 scheduled executors created at " + createdAt
                    + ", none shut down."),
                    timers.evidence().toString());
            assertTrue(timers.fix().startsWith("Shut down the scheduled executor created at " + createdAt),
                    timers.fix());
            assertEquals(Category.POOL_NEVER_SHUTDOWN, pools.category(), pools.toString());
        }
    }

    @Test
    void aLibrarysSchedulerIsRecognizedByItsThreadNames() throws Exception {
        try (TestThreads live = new TestThreads()) {
            // HikariCP runs each data source's housekeeping on a scheduled pool named like this
            int[] n = {0};
            List<Thread> housekeepers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                housekeepers.add(IdlePools.scheduled(live, true,
                        r -> new Thread(r, "HikariPool-" + ++n[0] + " housekeeper")));
            }
            for (Thread w : housekeepers) {
                TestThreads.awaitIn(w, "java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take",
                        Thread.State.TIMED_WAITING);
            }

            Cause cause = classifier.classify(poolFacts(TestThreads.here(), 2, 0, 2), live.samples(housekeepers));

            assertEquals(Category.TIMER_NEVER_CANCELLED, cause.category(), cause.toString());
            assertTrue(cause.fix().endsWith("With HikariCP, close() every HikariDataSource you create: each owns a"
                    + " housekeeper thread."), cause.fix());
        }
    }

    @Test
    void timersNeverCancelled() throws Exception {
        try (TestThreads live = new TestThreads()) {
            String createdAt = TestThreads.here();
            List<Thread> timerThreads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                timerThreads.add(IdlePools.timer(live));
            }
            for (Thread t : timerThreads) {
                TestThreads.awaitIn(t, "java.util.TimerThread.mainLoop", Thread.State.TIMED_WAITING);
            }
            SiteFacts facts = new SiteFacts("timer", createdAt, 3, 0, 0, null, 3, 0, null, -1, List.of());

            Cause cause = classifier.classify(facts, live.samples(timerThreads));

            assertWellFormed(cause);
            assertEquals(Category.TIMER_NEVER_CANCELLED, cause.category());
            assertTrue(cause.confidence() >= 0.9, cause.toString());
            assertTrue(cause.waitingAt().startsWith("java.util.TimerThread.mainLoop("), cause.waitingAt());
            assertTrue(cause.evidence().get(0).contains("java.util.Timer threads waiting in TimerThread.mainLoop"),
                    cause.evidence().toString());
            assertEquals("3 Timers created at " + createdAt + ", none cancelled.", cause.evidence().get(1));
            assertTrue(cause.fix().contains("timer.cancel()") && cause.fix().contains(createdAt), cause.fix());
        }
    }

    @Test
    void aFutureWhoseCreationSiteIsKnownIsNamed() throws Exception {
        try (TestThreads live = new TestThreads()) {
            String createdAt = TestThreads.here();
            CompletableFuture<String> never = new CompletableFuture<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                threads.add(live.start("join-" + i, never::join));
            }
            for (Thread t : threads) {
                TestThreads.awaitIn(t, "java.util.concurrent.CompletableFuture.join", Thread.State.WAITING);
            }
            live.onClose(() -> never.complete("done"));
            SiteFacts known = new SiteFacts("platform", null, 3, 0, 0, null, 0, 0, createdAt, 1, List.of());

            Cause named = classifier.classify(known, live.samples(threads));
            Cause unnamed = classifier.classify(SiteFacts.unknown("platform", null, 3), live.samples(threads));

            assertEquals(Category.FUTURE_NEVER_COMPLETED, named.category());
            assertTrue(named.confidence() > unnamed.confidence(), named + " vs " + unnamed);
            assertTrue(named.evidence().get(1).startsWith("The futures they wait for were created at " + createdAt),
                    named.evidence().toString());
            assertTrue(named.fix().startsWith("Complete the futures created at " + createdAt), named.fix());
            assertTrue(unnamed.evidence().get(1).contains("may have missed"), unnamed.evidence().toString());
        }
    }

    @Test
    void aMonitorDeadlockNamesEveryThreadAndLock() throws Exception {
        // A monitor deadlock cannot be undone inside the JVM: its two daemon threads stay blocked until the test
        // JVM exits. They are not tracked by TestThreads, and other tests look only at their own threads.
        Object first = new Object();
        Object second = new Object();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Thread a = new Thread(() -> lockBoth(first, second, bothHoldOne), "deadlock-a");
        Thread b = new Thread(() -> lockBoth(second, first, bothHoldOne), "deadlock-b");
        for (Thread t : List.of(a, b)) {
            t.setDaemon(true);
            t.start();
        }
        TestThreads.awaitState(a, Thread.State.BLOCKED);
        TestThreads.awaitState(b, Thread.State.BLOCKED);
        List<DeadlockCycle> cycles = TestThreads.deadlocks(List.of(a, b));
        try (TestThreads live = new TestThreads()) {
            SiteFacts facts = new SiteFacts("platform", null, 2, 0, 0, null, 0, 0, null, -1, cycles);

            Cause cause = classifier.classify(facts, List.of(live.sample(a), live.sample(b)));

            assertWellFormed(cause);
            assertEquals(Category.DEADLOCK, cause.category());
            assertEquals(1.0, cause.confidence());
            assertTrue(cause.waitingAt().contains(TEST + ".lockBoth"), cause.waitingAt());
            String all = String.join(" ", cause.evidence());
            assertTrue(all.contains("\"deadlock-a\"") && all.contains("\"deadlock-b\""), all);
            assertTrue(all.contains("holds java.lang.Object@") && all.contains("and wants java.lang.Object@"), all);
            assertTrue(cause.fix().contains(TEST + ".lockBoth"), cause.fix());
        }
    }

    @Test
    void aReentrantLockDeadlockIsADeadlockToo() throws Exception {
        try (TestThreads live = new TestThreads()) {
            ReentrantLock first = new ReentrantLock();
            ReentrantLock second = new ReentrantLock();
            CountDownLatch bothHoldOne = new CountDownLatch(2);
            Thread a = live.start("rl-deadlock-a", () -> lockBothInterruptibly(first, second, bothHoldOne));
            Thread b = live.start("rl-deadlock-b", () -> lockBothInterruptibly(second, first, bothHoldOne));
            for (Thread t : List.of(a, b)) {
                TestThreads.awaitIn(t, "java.util.concurrent.locks.ReentrantLock.lockInterruptibly",
                        Thread.State.WAITING);
            }
            List<DeadlockCycle> cycles = TestThreads.deadlocks(List.of(a, b));
            SiteFacts facts = new SiteFacts("platform", null, 2, 0, 0, null, 0, 0, null, -1, cycles);

            Cause cause = classifier.classify(facts, live.samples(List.of(a, b)));

            assertEquals(Category.DEADLOCK, cause.category(), cause.toString());
            String all = String.join(" ", cause.evidence());
            assertTrue(all.contains("ReentrantLock$NonfairSync@"), all);
            assertTrue(cause.waitingAt().contains(TEST + ".lockBothInterruptibly"), cause.waitingAt());
        }
    }

    @Test
    void threadsBlockedOnAMonitorAnotherThreadHolds() throws Exception {
        try (TestThreads live = new TestThreads()) {
            Object lock = new Object();
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            live.onClose(release::countDown);
            live.start("lock-holder", () -> {
                synchronized (lock) {
                    held.countDown();
                    release.await();
                }
            });
            held.await();
            List<Thread> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(live.start("lock-waiter-" + i, () -> enter(lock)));
            }
            for (Thread t : waiters) {
                TestThreads.awaitState(t, Thread.State.BLOCKED);
            }

            Cause cause = classifier.classify(SiteFacts.unknown("platform", null, 3), live.samples(waiters));

            assertWellFormed(cause);
            assertEquals(Category.LOCK_CONTENTION, cause.category());
            assertTrue(cause.waitingAt().contains(TEST + ".enter"), cause.waitingAt());
            assertTrue(cause.evidence().get(0).contains("BLOCKED on java.lang.Object@")
                    && cause.evidence().get(0).contains("held by \"lock-holder\" (id "), cause.evidence().get(0));
            assertTrue(cause.fix().contains("\"lock-holder\""), cause.fix());
            assertTrue(cause.confidence() >= 0.85, cause.toString());
        }
    }

    @Test
    void threadsParkedOnAReentrantLockAnotherThreadHolds() throws Exception {
        try (TestThreads live = new TestThreads()) {
            ReentrantLock lock = new ReentrantLock();
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            live.onClose(release::countDown);
            live.start("rl-holder", () -> {
                lock.lock();
                try {
                    held.countDown();
                    release.await();
                } finally {
                    lock.unlock();
                }
            });
            held.await();
            List<Thread> waiters = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                waiters.add(live.start("rl-waiter-" + i, lock::lockInterruptibly));
            }
            for (Thread t : waiters) {
                TestThreads.awaitIn(t, "java.util.concurrent.locks.ReentrantLock.lockInterruptibly",
                        Thread.State.WAITING);
            }

            Cause cause = classifier.classify(SiteFacts.unknown("platform", null, 2), live.samples(waiters));

            assertEquals(Category.LOCK_CONTENTION, cause.category(), cause.toString());
            assertTrue(cause.evidence().get(0).contains("waiting for java.util.concurrent.locks.ReentrantLock$")
                    && cause.evidence().get(0).contains("held by \"rl-holder\""), cause.evidence().get(0));
        }
    }

    @Test
    void mixedExamplesLowerTheConfidenceAndSaySo() throws Exception {
        try (TestThreads live = new TestThreads()) {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                threads.add(live.start("take-" + i, () -> new LinkedBlockingQueue<>().take()));
            }
            Thread busy = live.start("busy", WaitPointsTest::compute);
            for (Thread t : threads) {
                TestThreads.awaitIn(t, "java.util.concurrent.LinkedBlockingQueue.take", Thread.State.WAITING);
            }
            TestThreads.awaitIn(busy, WaitPointsTest.class.getName() + ".compute", Thread.State.RUNNABLE);

            Cause pure = classifier.classify(SiteFacts.unknown("platform", null, 3), live.samples(threads));
            Cause mixed = classifier.classify(SiteFacts.unknown("platform", null, 4), live.samples(concat(threads,
                    List.of(busy))));

            assertEquals(Category.QUEUE_HANDOFF, mixed.category());
            assertTrue(mixed.confidence() < pure.confidence(), mixed + " vs " + pure);
            assertTrue(mixed.evidence().get(0).startsWith("3 of 4 example threads"), mixed.evidence().get(0));
            assertTrue(mixed.evidence().contains("The other 1 example: 1 running."), mixed.evidence().toString());
        }
    }

    @Test
    void noExamplesIsUnknown() {
        Cause cause = classifier.classify(SiteFacts.unknown("platform", "a.B.c(B.java:1)", 12), List.of());
        assertEquals(Category.UNKNOWN, cause.category());
        assertTrue(cause.confidence() <= 0.1);
        assertWellFormed(cause);
        assertEquals(Category.UNKNOWN, classifier.classify(null, null).category());
    }

    @Test
    void everyCategoryHasAFix() {
        for (Category c : Category.values()) {
            assertNotNull(Classifier.fixFor(c), c.name());
            assertFalse(Classifier.fixFor(c).isBlank(), c.name());
        }
    }

    static void assertWellFormed(Cause cause) {
        assertTrue(cause.confidence() >= 0 && cause.confidence() <= 1, cause.toString());
        assertTrue(!cause.evidence().isEmpty() && cause.evidence().size() <= 4, cause.evidence().toString());
        assertNotNull(cause.fix());
        assertFalse(cause.fix().isBlank());
        for (String e : cause.evidence()) {
            assertTrue(e.endsWith("."), "a sentence: " + e);
            assertFalse(e.contains("app//") || e.contains("java.base@"), "frames without loader or module: " + e);
        }
        assertNotEquals("null", cause.waitingAt());
    }

    static SiteFacts poolFacts(String createdAt, int created, int shutDown, int live) {
        return new SiteFacts("executor", createdAt, live, created, shutDown, createdAt, 0, 0, null, -1, List.of());
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static void lockBoth(Object mine, Object theirs, CountDownLatch bothHoldOne) {
        synchronized (mine) {
            bothHoldOne.countDown();
            try {
                bothHoldOne.await();
            } catch (InterruptedException e) {
                return;
            }
            synchronized (theirs) {
                theirs.hashCode();
            }
        }
    }

    private static void lockBothInterruptibly(ReentrantLock mine, ReentrantLock theirs, CountDownLatch bothHoldOne)
            throws InterruptedException {
        mine.lockInterruptibly();
        try {
            bothHoldOne.countDown();
            bothHoldOne.await();
            theirs.lockInterruptibly();
            theirs.unlock();
        } finally {
            mine.unlock();
        }
    }

    private static void enter(Object lock) {
        synchronized (lock) {
            lock.hashCode();
        }
    }
}
