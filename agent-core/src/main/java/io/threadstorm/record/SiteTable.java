package io.threadstorm.record;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interns sites by stack hash. Bounded: once {@code maxSites} distinct sites exist, new stacks count in one
 * overflow site per kind, so memory stays bounded under any storm.
 */
public final class SiteTable implements java.util.function.LongPredicate {

    /** The frame the overflow sites show. */
    public static final String OVERFLOW_FRAME = "overflow (maxSites reached)";

    private final Map<Long, Site> sites = new ConcurrentHashMap<>();
    private final Map<Site.Kind, Site> overflow = new EnumMap<>(Site.Kind.class);
    private final int maxSites;
    private final Frames frames;

    public SiteTable(int maxSites, Frames frames) {
        this.maxSites = maxSites;
        this.frames = frames;
    }

    /** The site of this walk, created on first sight. */
    public Site intern(StackCapture.Walk walk, Site.Kind kind) {
        Site site = sites.get(walk.hash());
        if (site != null) {
            return site;
        }
        if (sites.size() >= maxSites) {
            return overflow(kind);
        }
        return create(walk.hash(), kind, walk.elements());
    }

    private Site create(long id, Site.Kind kind, List<StackTraceElement> stack) {
        return sites.computeIfAbsent(id, k -> new Site(k, kind, frames.siteFrame(stack), stack,
                frames.appIndex(stack)));
    }

    /**
     * The site of a thread started with no application frame on its stack (a library starting threads from one of
     * its own threads) by a thread of site {@code starter}, which has one: its stack is the start's stack followed by
     * the starter's creation stack, so it names the application line behind both. One site per pair.
     */
    public Site startedFrom(Site site, Site starter) {
        long id = StackCapture.mix(site.id() * 31 + starter.id());
        Site known = sites.get(id);
        if (known != null) {
            return known;
        }
        if (sites.size() >= maxSites) {
            return overflow(site.kind());
        }
        List<StackTraceElement> stack = new java.util.ArrayList<>(site.stack());
        stack.addAll(starter.stack());
        return create(id, site.kind(), stack);
    }

    private synchronized Site overflow(Site.Kind kind) {
        return overflow.computeIfAbsent(kind, k -> new Site(k.ordinal(), k, OVERFLOW_FRAME, List.of()));
    }

    /** True when a site with this id exists: lets a walk stop early. */
    public boolean contains(long id) {
        return sites.containsKey(id);
    }

    /** {@link #contains}: the table is the predicate a walk stops at. */
    @Override
    public boolean test(long id) {
        return contains(id);
    }

    /** Every site, the overflow ones included. */
    public List<Site> all() {
        List<Site> out = new ArrayList<>(sites.values());
        synchronized (this) {
            out.addAll(overflow.values());
        }
        return out;
    }

    public int size() {
        return sites.size();
    }

    public Frames frames() {
        return frames;
    }
}
