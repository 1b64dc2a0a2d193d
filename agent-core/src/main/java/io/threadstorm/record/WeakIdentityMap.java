package io.threadstorm.record;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * A small map from objects, compared by identity and held weakly, to values. Used for executors, timers and
 * sampled futures, whose own {@code equals}/{@code hashCode} the agent must never call. Not on a hot path:
 * synchronized, and it drops collected keys as it goes.
 */
final class WeakIdentityMap<V> {

    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Key other)) {
                return false;
            }
            Object mine = get();
            return mine != null && mine == other.get();
        }
    }

    private final Map<Key, V> map = new HashMap<>();
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    private final int capacity;

    WeakIdentityMap(int capacity) {
        this.capacity = capacity;
    }

    synchronized V get(Object key) {
        return map.get(new Key(key, null));
    }

    /** Puts unless present or full; returns the value now mapped, or {@code null} when full. */
    synchronized V putIfAbsent(Object key, V value) {
        Key k = new Key(key, queue);
        V old = map.get(k);
        if (old != null) {
            return old;
        }
        if (map.size() >= capacity) {
            return null;
        }
        map.put(k, value);
        return value;
    }

    synchronized void remove(Object key) {
        map.remove(new Key(key, null));
    }

    synchronized int size() {
        return map.size();
    }

    /** Calls {@code action} for each live entry; removes those for which {@code drop} answers true. */
    void forEach(BiPredicate<Object, V> drop, BiConsumer<Object, V> dropped) {
        List<Object[]> entries = new ArrayList<>();
        synchronized (this) {
                for (Map.Entry<Key, V> e : map.entrySet()) {
                Object k = e.getKey().get();
                if (k != null) {
                    entries.add(new Object[] {k, e.getValue()});
                }
            }
        }
        for (Object[] e : entries) {
            @SuppressWarnings("unchecked")
            V v = (V) e[1];
            if (drop.test(e[0], v)) {
                remove(e[0]);
                dropped.accept(e[0], v);
            }
        }
    }

    /** Removes the entries whose keys were collected and returns their values (so their sites can count them ended). */
    synchronized List<V> drainCollected() {
        List<V> out = new ArrayList<>();
        Key k;
        while ((k = (Key) queue.poll()) != null) {
            V v = map.remove(k);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }
}
