package io.threadstorm.proof;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import shark.HeapGraph;
import shark.HeapObject;
import shark.HprofRecord.HeapDumpRecord.ObjectRecord.ClassDumpRecord;
import shark.HprofRecord.HeapDumpRecord.ObjectRecord.ClassDumpRecord.FieldRecord;
import shark.HprofRecord.HeapDumpRecord.ObjectRecord.ClassDumpRecord.StaticFieldRecord;
import shark.ValueHolder;

/**
 * Breadth-first marking of the heap graph, so that each marked object keeps the edge it was first reached by (the
 * shortest path from the roots). Two kinds of reach: <em>live</em>, and <em>through a thread registry</em> (thread
 * groups and the JDK's thread containers, which hold every thread and wake none). Threads that {@code opaque} names
 * are marked but not looked into: a waiting thread's own fields are not a way to wake it.
 */
final class Marking {

    /** Classes whose instances and statics are the JVM's registries of threads. */
    private static final List<String> REGISTRIES = List.of("java.lang.ThreadGroup", "jdk.internal.vm.ThreadContainer",
            "jdk.internal.vm.ThreadContainers");

    private static final long NO_PARENT = 0;

    private final HeapGraph graph;
    private final int idSize;
    private final BitSet marked = new BitSet();
    private final BitSet live = new BitSet();
    /** Per object index: the id of the object it was reached from; 0 for roots and unmarked objects. */
    private long[] parent;
    private final Map<Long, String> rootLabels = new HashMap<>();
    private final Map<Long, int[]> refOffsets = new HashMap<>();
    private final Map<Long, Boolean> registryClasses = new HashMap<>();
    private final Map<Long, Boolean> agentClasses = new HashMap<>();
    private final java.util.function.LongPredicate opaque;
    private long[] queue = new long[1 << 12];
    private int head;
    private int tail;

    Marking(HeapGraph graph, java.util.function.LongPredicate opaque) {
        this.graph = graph;
        this.idSize = graph.getIdentifierByteSize();
        this.opaque = opaque;
        this.parent = new long[graph.getObjectCount()];
    }

    private int index(long id) {
        HeapObject o = graph.findObjectByIdOrNull(id);
        return o == null ? -1 : o.getObjectIndex();
    }

    boolean marked(long id) {
        int i = index(id);
        return i >= 0 && marked.get(i);
    }

    /** Reached other than through a thread registry. */
    boolean live(long id) {
        int i = index(id);
        return i >= 0 && live.get(i);
    }

    /** Adds a root, then call {@link #run()}. */
    void root(long id, String label) {
        int index = index(id);
        if (index < 0) {
            return;
        }
        if (!live.get(index)) {
            rootLabels.putIfAbsent(id, label);
            ensure(index);
            parent[index] = 0;
        }
        push(id, index, NO_PARENT, true);
    }

    /** Looks into an object again, live, even when it was marked already (a thread that got re-rooted). */
    void reopen(long id, String label) {
        int index = index(id);
        if (index >= 0) {
            live.clear(index);
            root(id, label);
        }
    }

    private void ensure(int index) {
        if (index >= parent.length) {
            parent = java.util.Arrays.copyOf(parent, Math.max(index + 1, parent.length * 2));
        }
    }

    /** Marks until nothing more is reachable. */
    void run() {
        while (head != tail) {
            long entry = queue[head];
            head = (head + 1) & (queue.length - 1);
            boolean isLive = entry >= 0;
            visit(isLive ? entry : ~entry, isLive);
        }
    }

    private void push(long childId, int child, long from, boolean isLive) {
        if (isLive ? live.get(child) : marked.get(child)) {
            return;
        }
        ensure(child);
        if (from != NO_PARENT) {
            parent[child] = from; // a live path replaces one through a registry
        }
        if (isLive) {
            live.set(child);
        }
        marked.set(child);
        if (((tail + 1) & (queue.length - 1)) == head) {
            grow();
        }
        queue[tail] = isLive ? childId : ~childId;
        tail = (tail + 1) & (queue.length - 1);
    }

    private void grow() {
        long[] bigger = new long[queue.length * 2];
        int n = 0;
        for (int i = head; i != tail; i = (i + 1) & (queue.length - 1)) {
            bigger[n++] = queue[i];
        }
        queue = bigger;
        head = 0;
        tail = n;
    }

    /** Objects whose references could not be read at all: while there are any, nothing is proven. */
    int unreadable() {
        return unreadable;
    }

    private int unreadable;

    private void visit(long id, boolean isLive) {
        if (opaque.test(id)) {
            return;
        }
        try {
            visitObject(id, isLive);
        } catch (RuntimeException e) {
            // the dump holds the object but not what it takes to read it (its class): every id-sized run of its
            // bytes that names an object counts as a reference, which can only mark more
            try {
                HeapObject o = graph.findObjectByIdOrNull(id);
                byte[] bytes = o instanceof HeapObject.HeapInstance i ? i.readRecord().getFieldValues() : null;
                if (bytes == null) {
                    unreadable++;
                    return;
                }
                for (int at = 0; at + idSize <= bytes.length; at++) {
                    long ref = readId(bytes, at);
                    if (ref != 0 && graph.objectExists(ref)) {
                        edge(id, ref, isLive);
                    }
                }
            } catch (RuntimeException again) {
                unreadable++;
            }
        }
    }

    private void visitObject(long index, boolean isLive) {
        HeapObject object = graph.findObjectByIdOrNull(index);
        if (object instanceof HeapObject.HeapInstance instance) {
            boolean stillLive = isLive && !isRegistry(instance.getInstanceClass())
                    && !isAgent(instance.getInstanceClass());
            edge(index, instance.getInstanceClassId(), stillLive);
            byte[] values = instance.readRecord().getFieldValues();
            for (int offset : refOffsets(instance.getInstanceClass())) {
                edge(index, readId(values, offset), stillLive);
            }
        } else if (object instanceof HeapObject.HeapObjectArray array) {
            edge(index, array.getArrayClassId(), isLive);
            for (long id : array.readRecord().getElementIds()) {
                edge(index, id, isLive);
            }
        } else if (object instanceof HeapObject.HeapClass cls) {
            boolean stillLive = isLive && !isRegistry(cls) && !isAgent(cls);
            ClassDumpRecord record = cls.readRecord();
            edge(index, record.getSuperclassId(), isLive);
            edge(index, record.getClassLoaderId(), isLive);
            edge(index, record.getProtectionDomainId(), isLive);
            for (StaticFieldRecord f : record.getStaticFields()) {
                if (f.getValue() instanceof ValueHolder.ReferenceHolder ref) {
                    edge(index, ref.getValue(), stillLive);
                }
            }
        }
    }

    private void edge(long from, long id, boolean isLive) {
        if (id == 0) {
            return;
        }
        HeapObject target = graph.findObjectByIdOrNull(id);
        if (target != null && !(target instanceof HeapObject.HeapPrimitiveArray)) {
            push(id, target.getObjectIndex(), from, isLive);
        }
    }

    private long readId(byte[] values, int offset) {
        long v = 0;
        for (int i = 0; i < idSize; i++) {
            v = (v << 8) | (values[offset + i] & 0xff);
        }
        return v;
    }

    /** Offsets of the reference fields in an instance's field values: the class's own fields first, then its supers'. */
    private int[] refOffsets(HeapObject.HeapClass cls) {
        int[] cached = refOffsets.get(cls.getObjectId());
        if (cached != null) {
            return cached;
        }
        List<Integer> offsets = new ArrayList<>();
        int offset = 0;
        boolean agent = isAgent(cls);
        for (HeapObject.HeapClass c = cls; c != null; c = c.getSuperclass()) {
            // the agent's weak references (to threads, pools, futures it watches) wake nothing
            boolean skip = agent && c.getName().equals("java.lang.ref.Reference");
            for (FieldRecord f : c.readRecordFields()) {
                if (f.getType() == 2 && !skip) {
                    offsets.add(offset);
                }
                offset += f.getType() == 2 ? idSize : size(f.getType());
            }
        }
        int[] out = offsets.stream().mapToInt(Integer::intValue).toArray();
        refOffsets.put(cls.getObjectId(), out);
        return out;
    }

    private static int size(int type) {
        return switch (type) {
            case 4, 8 -> 1; // boolean, byte
            case 5, 9 -> 2; // char, short
            case 6, 10 -> 4; // float, int
            default -> 8; // double, long
        };
    }

    /**
     * The agent's own classes (loaded by its isolated loader, or its bootstrap classes): like the thread registries,
     * what it holds to watch threads wakes none of them.
     */
    private boolean isAgent(HeapObject.HeapClass cls) {
        return agentClasses.computeIfAbsent(cls.getObjectId(), k -> {
            if (cls.getName().startsWith("io.threadstorm.bootstrap.")
                    || cls.getName().equals("io.threadstorm.agent.AgentClassLoader")) {
                return true;
            }
            HeapObject loader = graph.findObjectByIdOrNull(cls.readRecord().getClassLoaderId());
            return loader instanceof HeapObject.HeapInstance l
                    && l.getInstanceClassName().equals("io.threadstorm.agent.AgentClassLoader");
        });
    }

    private boolean isRegistry(HeapObject.HeapClass cls) {
        return registryClasses.computeIfAbsent(cls.getObjectId(), k -> {
            for (HeapObject.HeapClass c = cls; c != null; c = c.getSuperclass()) {
                String name = c.getName();
                for (String r : REGISTRIES) {
                    if (name.equals(r) || name.startsWith(r + "$")) {
                        return true;
                    }
                }
            }
            return false;
        });
    }

    /**
     * The shortest path by which {@code index} was reached, from its root: the root's label, then one step per edge
     * ({@code field: class}), starting at the last static field on the way when there is one (the meaningful root).
     */
    List<String> path(long id) {
        List<Long> chain = new ArrayList<>();
        for (long at = id; at != 0 && chain.size() < 10_000; ) {
            chain.add(0, at);
            int i = index(at);
            at = i >= 0 && i < parent.length ? parent[i] : 0;
        }
        if (chain.isEmpty()) {
            return List.of();
        }
        int start = 0;
        for (int i = chain.size() - 2; i >= 0; i--) {
            if (graph.findObjectByIdOrNull(chain.get(i)) instanceof HeapObject.HeapClass) {
                start = i;
                break;
            }
        }
        List<String> out = new ArrayList<>();
        String rootLabel = rootLabels.get(chain.get(0));
        if (start == 0 && rootLabel != null && !(graph.findObjectByIdOrNull(chain.get(0)) instanceof HeapObject.HeapClass)) {
            out.add(rootLabel);
        }
        for (int i = start; i + 1 < chain.size(); i++) {
            out.add(step(chain.get(i), chain.get(i + 1)));
        }
        if (out.isEmpty()) {
            out.add(describe(chain.get(0)));
        }
        return out;
    }

    private String step(long fromIndex, long toIndex) {
        HeapObject from = graph.findObjectByIdOrNull(fromIndex);
        long id = toIndex;
        String how = "?";
        if (from instanceof HeapObject.HeapClass cls) {
            for (var it = cls.readStaticFields().iterator(); it.hasNext(); ) {
                var f = it.next();
                Long v = f.getValue().getAsObjectId();
                if (v != null && v == id) {
                    how = "static " + cls.getName() + "." + f.getName();
                    break;
                }
            }
            if (how.equals("?")) {
                how = "class " + cls.getName();
            }
        } else if (from instanceof HeapObject.HeapInstance instance) {
            for (var it = instance.readFields().iterator(); it.hasNext(); ) { // names only; values are ids
                var f = it.next();
                Long v = f.getValue().getAsObjectId();
                if (v != null && v == id) {
                    how = "." + f.getName();
                    break;
                }
            }
            if (how.equals("?") && instance.getInstanceClassId() == id) {
                how = ".getClass()";
            }
        } else if (from instanceof HeapObject.HeapObjectArray array) {
            long[] ids = array.readRecord().getElementIds();
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] == id) {
                    how = "[" + i + "]";
                    break;
                }
            }
        }
        return how + ": " + describe(toIndex);
    }

    String describe(long id) {
        return className(graph.findObjectByIdOrNull(id));
    }

    static String className(HeapObject o) {
        if (o instanceof HeapObject.HeapInstance i) {
            return i.getInstanceClassName();
        } else if (o instanceof HeapObject.HeapObjectArray a) {
            return a.getArrayClassName();
        } else if (o instanceof HeapObject.HeapClass c) {
            return "class " + c.getName();
        } else if (o instanceof HeapObject.HeapPrimitiveArray p) {
            return p.getArrayClassName();
        }
        return "unknown";
    }
}
