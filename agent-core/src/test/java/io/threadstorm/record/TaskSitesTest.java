package io.threadstorm.record;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskSitesTest {

    private final TaskSites sites = new TaskSites(false);
    private final Site a = new Site(1, Site.Kind.PLATFORM, "A", List.of());
    private final Site b = new Site(2, Site.Kind.PLATFORM, "B", List.of());

    @Test
    void aClassSeenAtOneSiteTellsIt() {
        Runnable task = () -> { };
        assertNull(sites.get(task.getClass()));
        sites.learn(task.getClass(), a);
        sites.learn(task.getClass(), a);
        assertSame(a, sites.get(task.getClass()));
    }

    @Test
    void aClassSeenAtTwoSitesTellsNoneForGood() {
        Runnable task = () -> { };
        sites.learn(task.getClass(), a);
        sites.learn(task.getClass(), b);
        assertNull(sites.get(task.getClass()));
        sites.learn(task.getClass(), a);
        assertNull(sites.get(task.getClass()), "ambiguous stays ambiguous");
    }

    @Test
    void onlyLambdasMethodReferencesAndAnonymousClassesNameOnePlace() {
        Runnable lambda = () -> { };
        Runnable reference = this::toString;
        Runnable anonymous = new Runnable() {
            @Override
            public void run() {
            }
        };
        assertTrue(TaskSites.writtenAtOnePlace(lambda.getClass()));
        assertTrue(TaskSites.writtenAtOnePlace(reference.getClass()));
        assertTrue(TaskSites.writtenAtOnePlace(anonymous.getClass()));
        assertFalse(TaskSites.writtenAtOnePlace(HiddenProbe.class));
        assertFalse(TaskSites.writtenAtOnePlace(Thread.class));
        assertTrue(TaskSites.lambdasOnly(lambda.getClass()));
        assertFalse(TaskSites.lambdasOnly(anonymous.getClass()));
    }

    @Test
    void aClassWrittenAnywhereIsNeverLearned() {
        sites.learn(HiddenProbe.class, a);
        assertNull(sites.get(HiddenProbe.class));
    }

    /** A redeployed application's classes must be able to unload: the table holds no class and no loader. */
    @Test
    void aLearnedClassCanStillBeUnloaded() throws Exception {
        byte[] bytes;
        try (InputStream in = HiddenProbe.class.getResourceAsStream("HiddenProbe.class")) {
            bytes = in.readAllBytes();
        }
        Class<?> hidden = MethodHandles.lookup().defineHiddenClass(bytes, true).lookupClass();
        WeakReference<Class<?>> ref = new WeakReference<>(hidden);
        sites.learn(hidden, a);
        assertSame(a, sites.get(hidden));
        hidden = null;
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(ref.get(), "the learned class was unloaded");
    }
}
