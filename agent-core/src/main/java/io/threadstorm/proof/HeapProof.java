package io.threadstorm.proof;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shark.CloseableHeapGraph;
import shark.GcRoot;
import shark.HeapField;
import shark.HeapGraph;
import shark.HeapObject;
import shark.HprofHeapGraph;
import shark.HprofRecordTag;

/**
 * The reachability proof over an HPROF heap dump, after Go's goroutine-leak profile: mark the heap from the GC roots
 * minus the frames and thread objects of the threads that wait without a deadline (and through the JVM's registries
 * of threads only as far as they hold no thread); re-root every waiting thread whose waker got marked, or whose
 * {@code Thread} object live code holds (it could be interrupted); repeat until nothing changes. A waiting thread
 * still not rooted can never be woken: it is proven leaked.
 */
public final class HeapProof {

    /** JVMTI thread status bits, as {@code Thread.threadStatus} holds them. */
    private static final int WAITING_INDEFINITELY = 0x0010;
    private static final int WAITING_WITH_TIMEOUT = 0x0020;
    private static final int ALIVE = 0x0001;
    private static final int IN_OBJECT_WAIT = 0x0100;
    private static final int PARKED = 0x0200;

    private HeapProof() {
    }

    /**
     * What the dump proves of one thread.
     *
     * @param thread      the thread
     * @param proven      it waits without a deadline and nothing live can wake it
     * @param wakerClass  what it waits on, or {@code null}
     * @param wakerId     that object's id in the dump, {@code 0x...}, or {@code null}
     * @param reason      why it is not proven, or {@code null}
     * @param path        the shortest path from a live root to its waker (or its thread object), or empty
     */
    public record Verdict(HeapThread thread, boolean proven, String wakerClass, String wakerId, String reason,
                          List<String> path) {

        public long id() {
            return thread.id();
        }

        public String name() {
            return thread.name();
        }

        public List<StackTraceElement> stack() {
            return thread.stack();
        }

        public boolean judged() {
            return thread.waits() != HeapThread.Wait.NONE;
        }
    }

    /** Verdicts for every thread in the dump. */
    public record Result(List<Verdict> verdicts, int objects, String javaVersion) {
    }

    /**
     * Reads {@code hprof} and proves what it can.
     *
     * @throws HeapFormatException when the file is not a complete HPROF heap dump
     */
    public static Result analyze(Path hprof) throws IOException {
        if (!Files.isRegularFile(hprof)) {
            throw new java.nio.file.NoSuchFileException(hprof.toString(), null, "no such heap dump");
        }
        File file = hprof.toFile();
        try {
            Map<Integer, List<StackTraceElement>> stacks = HprofStacks.read(file);
            EnumSet<HprofRecordTag> roots = HprofRecordTag.Companion.getRootTags();
            try (CloseableHeapGraph graph = HprofHeapGraph.Companion.openHeapGraph(file, null, roots)) {
                return prove(graph, stacks);
            }
        } catch (OutOfMemoryError e) {
            throw new HeapFormatException(hprof + ": the heap dump needs more memory than this JVM has ("
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB); run with a larger -Xmx", e);
        } catch (IOException | RuntimeException | LinkageError e) {
            String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new HeapFormatException(hprof + " is not a complete HPROF heap dump (" + what.lines().findFirst()
                    .orElse("") + where(e) + ")", e);
        }
    }

    /** Where in the proof's own code a dump failed to read, for the one line a person reports. */
    private static String where(Throwable e) {
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getClassName().startsWith(HeapProof.class.getPackageName())) {
                return " in " + f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "."
                        + f.getMethodName() + ":" + f.getLineNumber();
            }
        }
        return "";
    }

    private static Result prove(HeapGraph graph, Map<Integer, List<StackTraceElement>> stacks) {
        Map<Integer, List<GcRoot>> framesBySerial = new HashMap<>();
        List<GcRoot.ThreadObject> threadRoots = new ArrayList<>();
        List<GcRoot> others = new ArrayList<>();
        for (GcRoot root : graph.getGcRoots()) {
            int serial = threadSerial(root);
            if (root instanceof GcRoot.ThreadObject t) {
                threadRoots.add(t);
            } else if (serial >= 0) {
                framesBySerial.computeIfAbsent(serial, k -> new ArrayList<>()).add(root);
            } else if (!(root instanceof GcRoot.MonitorUsed)) {
                // a monitor in use wakes nobody: who holds it, and who waits on it, are threads judged on their own
                others.add(root);
            }
        }
        VirtualStates virtualStates = VirtualStates.of(graph);
        List<HeapThread> threads = new ArrayList<>();
        Map<Long, HeapThread> waitingByObject = new HashMap<>();
        Set<Long> seenThreads = new HashSet<>();
        for (GcRoot.ThreadObject t : threadRoots) {
            HeapObject o = graph.findObjectByIdOrNull(t.getId());
            if (!(o instanceof HeapObject.HeapInstance instance) || !seenThreads.add(t.getId())) {
                continue;
            }
            List<StackTraceElement> stack = stacks.getOrDefault(t.getStackTraceSerialNumber(), List.of());
            HeapThread thread;
            try {
                thread = thread(graph, instance, t.getThreadSerialNumber(), stack,
                        framesBySerial.getOrDefault(t.getThreadSerialNumber(), List.of()), virtualStates);
            } catch (RuntimeException e) {
                // a thread the dump holds only in part is not judged; as a root it can only lose proofs
                thread = new HeapThread(t.getId(), t.getThreadSerialNumber(), -1, "unreadable", false,
                        HeapThread.Wait.NONE, stack, new long[0], 0);
            }
            threads.add(thread);
            if (thread.waits() == HeapThread.Wait.UNTIMED) {
                waitingByObject.put(thread.objectId(), thread);
            }
        }

        // per re-rooted waiting thread: true when its waker got marked, false when its Thread object did
        Map<Long, Boolean> rooted = new HashMap<>();
        Marking marking = new Marking(graph, i -> waitingByObject.containsKey(i) && !rooted.containsKey(i));
        // Every class counts as reachable, and first, so that a path through a static field is the one shown: a class
        // that could be unloaded only marks more, which can lose a proof but never make a false one.
        for (var it = graph.getClasses().iterator(); it.hasNext(); ) {
            HeapObject.HeapClass c = it.next();
            marking.root(c.getObjectId(), "class " + className(c));
        }
        for (GcRoot root : others) {
            HeapObject o = graph.findObjectByIdOrNull(root.getId());
            if (o != null) {
                marking.root(o.getObjectId(), label(root, o));
            }
        }
        for (HeapThread t : threads) {
            if (t.waits() != HeapThread.Wait.UNTIMED) {
                rootThread(graph, marking, t, framesBySerial, "thread '" + t.name() + "'");
            }
        }
        marking.run();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (HeapThread t : waitingByObject.values()) {
                if (rooted.containsKey(t.objectId())) {
                    continue;
                }
                boolean byWaker = anyMarked(marking, t.wakers());
                if (byWaker || marking.live(t.objectId())) {
                    rooted.put(t.objectId(), byWaker);
                    rootThread(graph, marking, t, framesBySerial, "thread '" + t.name() + "' (woken through its waker)");
                    changed = true;
                }
            }
            marking.run();
        }

        List<Verdict> verdicts = new ArrayList<>();
        for (HeapThread t : threads) {
            Verdict v = verdict(graph, marking, t, rooted.get(t.objectId()));
            if (v.proven() && marking.unreadable() > 0) {
                v = new Verdict(t, false, v.wakerClass(), v.wakerId(), marking.unreadable()
                        + " objects of the dump could not be read: nothing is proven", List.of());
            }
            verdicts.add(v);
        }
        String version = javaVersion(graph);
        return new Result(verdicts, graph.getObjectCount(), version);
    }

    /** @param byWaker null when the thread was never re-rooted, else whether its waker (or its object) got marked */
    private static Verdict verdict(HeapGraph graph, Marking marking, HeapThread t, Boolean byWaker) {
        String wakerClass = t.waker() == 0 ? null : Marking.className(graph.findObjectByIdOrNull(t.waker()));
        String wakerId = t.waker() == 0 ? null : "0x" + Long.toHexString(t.waker());
        switch (t.waits()) {
            case NONE:
                return new Verdict(t, false, null, null, "not waiting", List.of());
            case TIMED:
                return new Verdict(t, false, wakerClass, wakerId, "a timed wait: it wakes by itself", List.of());
            default:
                break;
        }
        if (t.wakers().length == 0) {
            return new Verdict(t, false, null, null,
                    "parked without a blocker object: what would wake it is not known", List.of());
        }
        if (byWaker == null) {
            return new Verdict(t, true, wakerClass, wakerId, null, List.of());
        }
        for (long w : t.wakers()) {
            if (byWaker && marking.marked(w)) {
                return new Verdict(t, false, Marking.className(graph.findObjectByIdOrNull(w)), "0x" + Long.toHexString(w),
                        "its waker is reachable from a live root", marking.path(w));
            }
        }
        return new Verdict(t, false, wakerClass, wakerId,
                "its Thread object is reachable from a live root: it could be interrupted",
                marking.path(t.objectId()));
    }

    private static boolean anyMarked(Marking marking, long[] ids) {
        for (long i : ids) {
            if (marking.marked(i)) {
                return true;
            }
        }
        return false;
    }

    private static void rootThread(HeapGraph graph, Marking marking, HeapThread t,
                                   Map<Integer, List<GcRoot>> framesBySerial, String label) {
        marking.reopen(t.objectId(), label);
        for (GcRoot frame : framesBySerial.getOrDefault(t.serial(), List.of())) {
            HeapObject o = graph.findObjectByIdOrNull(frame.getId());
            if (o != null) {
                marking.root(o.getObjectId(), "local of " + label + frameText(t, frame));
            }
        }
    }

    private static String frameText(HeapThread t, GcRoot frame) {
        int n = frame instanceof GcRoot.JavaFrame j ? j.getFrameNumber()
                : frame instanceof GcRoot.JniLocal l ? l.getFrameNumber() : -1;
        return n >= 0 && n < t.stack().size() ? " at " + t.stack().get(n) : "";
    }

    private static int threadSerial(GcRoot root) {
        if (root instanceof GcRoot.JavaFrame j) {
            return j.getThreadSerialNumber();
        } else if (root instanceof GcRoot.JniLocal l) {
            return l.getThreadSerialNumber();
        } else if (root instanceof GcRoot.ThreadBlock b) {
            return b.getThreadSerialNumber();
        } else if (root instanceof GcRoot.NativeStack n) {
            return n.getThreadSerialNumber();
        }
        return -1;
    }

    private static String label(GcRoot root, HeapObject o) {
        String kind = root.getClass().getSimpleName();
        if (root instanceof GcRoot.StickyClass) {
            return Marking.className(o);
        }
        return kind + " root: " + Marking.className(o);
    }

    private static HeapThread thread(HeapGraph graph, HeapObject.HeapInstance t, int serial,
                                     List<StackTraceElement> stack, List<GcRoot> frames, VirtualStates vstates) {
        long id = longField(t, "java.lang.Thread", "tid");
        HeapField nameField = t.get("java.lang.Thread", "name");
        String name = nameField == null ? null : string(nameField);
        boolean virtual = t.instanceOf("java.lang.VirtualThread");
        HeapThread.Wait wait;
        boolean parked;
        boolean objectWait;
        if (virtual) {
            int state = intField(t, "java.lang.VirtualThread", "state");
            wait = vstates.waitOf(state);
            parked = vstates.parked(state);
            objectWait = !parked && wait != HeapThread.Wait.NONE;
        } else {
            int status = threadStatus(t);
            boolean alive = (status & ALIVE) != 0;
            wait = !alive ? HeapThread.Wait.NONE : (status & WAITING_INDEFINITELY) != 0 ? HeapThread.Wait.UNTIMED
                    : (status & WAITING_WITH_TIMEOUT) != 0 ? HeapThread.Wait.TIMED : HeapThread.Wait.NONE;
            parked = (status & PARKED) != 0;
            objectWait = (status & IN_OBJECT_WAIT) != 0;
        }
        List<Long> wakers = new ArrayList<>();
        long shown = 0;
        if (parked) {
            HeapField blocker = t.get("java.lang.Thread", "parkBlocker");
            HeapObject b = blocker == null ? null : object(graph, blocker);
            if (b != null) {
                wakers.add(b.getObjectId());
                shown = b.getObjectId();
            }
            HeapObject queue = poolQueue(t, stack);
            if (queue != null) {
                wakers.add(queue.getObjectId());
                shown = queue.getObjectId();
            }
        } else if (objectWait) {
            shown = monitorOf(graph, t, stack, frames, wakers);
        }
        return new HeapThread(t.getObjectId(), serial, id, name == null ? "unnamed" : name, virtual, wait, stack,
                wakers.stream().mapToLong(Long::longValue).toArray(), shown);
    }

    /**
     * The monitor of {@code Object.wait}: the objects the dump records as locals of the topmost {@code Object.wait}
     * frame that has any ({@code this} of {@code Object.waits()} on JDK 17, of {@code Object.wait(long)} on 21+), the
     * thread itself excepted. All of them count as wakers, so an unclear frame can only lose a proof.
     */
    private static long monitorOf(HeapGraph graph, HeapObject.HeapInstance t, List<StackTraceElement> stack,
                                  List<GcRoot> frames, List<Long> wakers) {
        for (int n = 0; n < stack.size() && n < 4; n++) {
            StackTraceElement f = stack.get(n);
            boolean waitFrame = f.getClassName().equals("java.lang.Object") && f.getMethodName().startsWith("wait");
            List<Long> locals = new ArrayList<>();
            for (GcRoot root : frames) {
                if (root instanceof GcRoot.JavaFrame j && j.getFrameNumber() == n && j.getId() != t.getObjectId()) {
                    if (graph.objectExists(j.getId())) {
                        locals.add(j.getId());
                    }
                }
            }
            if (!locals.isEmpty() && (waitFrame || n > 0 && stack.get(n - 1).getClassName().equals("java.lang.Object"))) {
                wakers.addAll(locals);
                return locals.get(0);
            }
            if (!waitFrame && !f.getClassName().equals("java.lang.Object")) {
                break;
            }
        }
        return 0;
    }

    /** An idle pool worker ({@code ThreadPoolExecutor.getTask} on its stack): the pool's queue. */
    private static HeapObject poolQueue(HeapObject.HeapInstance t, List<StackTraceElement> stack) {
        boolean idle = stack.stream().limit(12).anyMatch(f -> f.getClassName().equals(
                "java.util.concurrent.ThreadPoolExecutor") && f.getMethodName().equals("getTask"));
        if (!idle) {
            return null;
        }
        HeapObject task = objectField(t, "java.lang.Thread", "target");
        if (task == null) {
            HeapObject holder = objectField(t, "java.lang.Thread", "holder");
            task = holder instanceof HeapObject.HeapInstance h ? objectField(h, "java.lang.Thread$FieldHolder", "task")
                    : null;
        }
        if (task instanceof HeapObject.HeapInstance worker && worker.instanceOf(
                "java.util.concurrent.ThreadPoolExecutor$Worker")) {
            HeapObject pool = objectField(worker, "java.util.concurrent.ThreadPoolExecutor$Worker", "this$0");
            if (pool instanceof HeapObject.HeapInstance p) {
                return objectField(p, "java.util.concurrent.ThreadPoolExecutor", "workQueue");
            }
        }
        return null;
    }

    /** The object a field refers to, or null: a dump may hold ids of objects it does not contain. */
    private static HeapObject object(HeapGraph graph, HeapField f) {
        Long id = f.getValue().getAsNonNullObjectId();
        return id == null ? null : graph.findObjectByIdOrNull(id);
    }

    private static String string(HeapField f) {
        try {
            return f.getValue().readAsJavaString();
        } catch (RuntimeException e) {
            return null; // its characters are not in the dump
        }
    }

    private static int threadStatus(HeapObject.HeapInstance t) {
        HeapField direct = t.get("java.lang.Thread", "threadStatus");
        if (direct != null) {
            Integer v = direct.getValue().getAsInt();
            return v == null ? 0 : v;
        }
        HeapObject holder = objectField(t, "java.lang.Thread", "holder");
        return holder instanceof HeapObject.HeapInstance h ? intField(h, "java.lang.Thread$FieldHolder", "threadStatus")
                : 0;
    }

    private static HeapObject objectField(HeapObject.HeapInstance o, String cls, String name) {
        HeapField f = o.get(cls, name);
        return f == null ? null : object(o.getGraph(), f);
    }

    private static int intField(HeapObject.HeapInstance o, String cls, String name) {
        HeapField f = o.get(cls, name);
        Integer v = f == null ? null : f.getValue().getAsInt();
        return v == null ? -1 : v;
    }

    private static long longField(HeapObject.HeapInstance o, String cls, String name) {
        HeapField f = o.get(cls, name);
        Long v = f == null ? null : f.getValue().getAsLong();
        return v == null ? -1 : v;
    }

    /**
     * The class of that name, or {@code null}. A live dump may hold a class whose name record is missing (the JVM
     * unloaded it while dumping); Shark's own lookup then throws for every name, so the classes are read one by one
     * and such a class is passed over.
     */
    static HeapObject.HeapClass findClass(HeapGraph graph, String name) {
        for (var it = graph.getClasses().iterator(); it.hasNext(); ) {
            HeapObject.HeapClass c = it.next();
            if (name.equals(className(c))) {
                return c;
            }
        }
        return null;
    }

    /** The class's name, or {@code "?"} when the dump lacks it. */
    private static String className(HeapObject.HeapClass c) {
        try {
            return c.getName();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static String javaVersion(HeapGraph graph) {
        HeapObject.HeapClass version = findClass(graph, "java.lang.VersionProps");
        HeapField f = version == null ? null : version.get("java_version");
        String v = f == null ? null : string(f);
        return v == null ? "unknown" : v;
    }

    /** {@code VirtualThread.state} values, read from the dumped class's constants (they differ between releases). */
    private record VirtualStates(Set<Integer> untimed, Set<Integer> timed, Set<Integer> parked) {

        static VirtualStates of(HeapGraph graph) {
            HeapObject.HeapClass vt = findClass(graph, "java.lang.VirtualThread");
            Set<Integer> untimed = new HashSet<>();
            Set<Integer> timed = new HashSet<>();
            Set<Integer> parked = new HashSet<>();
            if (vt != null) {
                add(vt, untimed, parked, "PARKED", "PINNED");
                add(vt, untimed, null, "WAIT");
                add(vt, timed, parked, "TIMED_PARKED", "TIMED_PINNED");
                add(vt, timed, null, "TIMED_WAIT");
                untimed.removeAll(timed);
            }
            return new VirtualStates(untimed, timed, parked);
        }

        private static void add(HeapObject.HeapClass vt, Set<Integer> to, Set<Integer> alsoTo, String... names) {
            for (String n : names) {
                HeapField f = vt.get(n);
                Integer v = f == null ? null : f.getValue().getAsInt();
                if (v != null) {
                    to.add(v);
                    if (alsoTo != null) {
                        alsoTo.add(v);
                    }
                }
            }
        }

        HeapThread.Wait waitOf(int state) {
            return untimed.contains(state) ? HeapThread.Wait.UNTIMED : timed.contains(state) ? HeapThread.Wait.TIMED
                    : HeapThread.Wait.NONE;
        }

        boolean parked(int state) {
            return parked.contains(state);
        }
    }
}
