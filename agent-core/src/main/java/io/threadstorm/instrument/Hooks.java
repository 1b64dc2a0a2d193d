package io.threadstorm.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the advice into the JDK classes that start threads and create executors, timers and futures.
 * Advice only, no new members, so classes loaded before the agent can be retransformed. JDK internals move
 * between releases, so every hook is matched defensively: a hook whose class or method this JDK lacks is
 * reported once and the others still work.
 */
public final class Hooks {

    /** One place advice goes: a class, the methods, the advice, and how to tell the method exists. */
    private record Hook(String type, String description, ElementMatcher<? super MethodDescription> methods,
                        Class<?> advice, Predicate<Executable> present) {
    }

    private final List<Hook> hooks = new ArrayList<>();
    private final Set<String> transformed = ConcurrentHashMap.newKeySet();
    private final Map<String, Throwable> errors = new ConcurrentHashMap<>();

    public Hooks() {
        hook("java.lang.Thread", "Thread.start()", named("start").and(takesArguments(0)),
                Advices.ThreadStart.class, e -> e.getName().equals("start") && e.getParameterCount() == 0);
        hook("java.lang.Thread", "Thread.start(ThreadContainer)", named("start").and(takesArguments(1)),
                Advices.ThreadStart.class, e -> e.getName().equals("start") && e.getParameterCount() == 1);
        hook("java.lang.VirtualThread", "VirtualThread.start(ThreadContainer)", named("start").and(takesArguments(1)),
                Advices.ThreadStart.class, e -> e.getName().equals("start") && e.getParameterCount() == 1);

        String tpe = "java.util.concurrent.ThreadPoolExecutor";
        hook(tpe, "ThreadPoolExecutor.<init>", isConstructor().and(takesArguments(7)), Advices.Created.class,
                e -> e instanceof Constructor && e.getParameterCount() == 7);
        hook(tpe, "ThreadPoolExecutor.shutdown*", namedOneOf("shutdown", "shutdownNow"), Advices.Shutdown.class,
                e -> e.getName().startsWith("shutdown"));
        hook(tpe, "ThreadPoolExecutor.execute", named("execute").and(takesArguments(1)), Advices.Submit.class,
                e -> e.getName().equals("execute"));
        hook(tpe, "ThreadPoolExecutor.addWorker", named("addWorker"), Advices.AddWorker.class,
                e -> e.getName().equals("addWorker"));
        hook("java.util.concurrent.ScheduledThreadPoolExecutor", "ScheduledThreadPoolExecutor.delayedExecute",
                named("delayedExecute"), Advices.Submit.class, e -> e.getName().equals("delayedExecute"));

        String fjp = "java.util.concurrent.ForkJoinPool";
        hook(fjp, "ForkJoinPool.<init>", isConstructor().and(not(takesArguments(1).and(
                net.bytebuddy.matcher.ElementMatchers.takesArgument(0, byte.class)))), Advices.Created.class,
                e -> e instanceof Constructor);
        hook(fjp, "ForkJoinPool.shutdown*", namedOneOf("shutdown", "shutdownNow", "close"), Advices.Shutdown.class,
                e -> e.getName().startsWith("shutdown"));
        hook(fjp, "ForkJoinPool.execute/submit", namedOneOf("execute", "submit").and(takesArguments(1))
                .and(not(isBridge())), Advices.Submit.class,
                e -> e.getName().equals("execute") || e.getName().equals("submit"));

        hook("java.util.Timer", "Timer.<init>", isConstructor(), Advices.Created.class, e -> e instanceof Constructor);
        hook("java.util.Timer", "Timer.cancel", named("cancel").and(takesArguments(0)), Advices.Shutdown.class,
                e -> e.getName().equals("cancel"));

        String cf = "java.util.concurrent.CompletableFuture";
        hook(cf, "new CompletableFuture()", isConstructor().and(takesArguments(0)), Advices.FutureConstructed.class,
                e -> e instanceof Constructor && e.getParameterCount() == 0);
        hook(cf, "CompletableFuture.supplyAsync/runAsync", namedOneOf("asyncSupplyStage", "asyncRunStage"),
                Advices.FutureAsync.class, e -> e.getName().startsWith("async") && e.getName().endsWith("Stage"));
        hook(cf, "CompletableFuture.get/join", namedOneOf("waitingGet", "timedGet"), Advices.FutureAwait.class,
                e -> e.getName().equals("waitingGet") || e.getName().equals("timedGet"));
        hook("java.util.concurrent.FutureTask", "FutureTask.get", named("awaitDone"), Advices.FutureAwait.class,
                e -> e.getName().equals("awaitDone"));
    }

    private void hook(String type, String description, ElementMatcher<? super MethodDescription> methods,
                      Class<?> advice, Predicate<Executable> present) {
        hooks.add(new Hook(type, description, methods, advice, present));
    }

    /**
     * Installs every hook; returns one line per hook that could not be installed on this JDK (empty when all
     * are in). Never throws for a single missing hook.
     */
    public List<String> install(Instrumentation inst) {
        Map<String, List<Hook>> byType = new LinkedHashMap<>();
        List<Class<?>> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Hook h : hooks) {
            Class<?> type = load(h.type());
            if (type == null) {
                if (!h.type().equals("java.lang.VirtualThread") || Runtime.version().feature() >= 21) {
                    missing.add(h.description() + ": class not found");
                }
                continue;
            }
            if (!exists(type, h.present())) {
                if (!h.description().equals("Thread.start(ThreadContainer)") || Runtime.version().feature() >= 21) {
                    missing.add(h.description() + ": no such method on this JDK");
                }
                continue;
            }
            byType.computeIfAbsent(h.type(), t -> {
                loaded.add(type);
                return new ArrayList<>();
            }).add(h);
        }
        // Advice needs no class injection; keeping Byte Buddy's injector uninitialized also keeps JDK 24+ from
        // warning about sun.misc.Unsafe on the application's stderr. The name is relocated with Byte Buddy.
        System.setProperty("net.bytebuddy.nexus.disabled", "true");
        ClassFileLocator adviceLocator = ClassFileLocator.ForClassLoader.of(Hooks.class.getClassLoader());
        AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(loaded.toArray(new Class<?>[0])))
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.InjectionStrategy.Disabled.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                .with(new Listener())
                .ignore(net.bytebuddy.matcher.ElementMatchers.none());
        for (Map.Entry<String, List<Hook>> e : byType.entrySet()) {
            List<Hook> typeHooks = e.getValue();
            builder = builder.type(named(e.getKey())).transform((b, td, cl, module, pd) -> {
                for (Hook h : typeHooks) {
                    b = b.visit(advice(h, adviceLocator));
                }
                return b;
            });
        }
        builder.installOn(inst);
        for (String type : byType.keySet()) {
            if (!transformed.contains(type)) {
                Throwable t = errors.get(type);
                missing.add(type + ": not transformed" + (t == null ? "" : " (" + t + ")"));
            }
        }
        return missing;
    }

    private static AsmVisitorWrapper advice(Hook h, ClassFileLocator locator) {
        TypeDescription advice = TypeDescription.ForLoadedType.of(h.advice());
        return Advice.to(advice, locator).on(h.methods());
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static boolean exists(Class<?> type, Predicate<Executable> present) {
        List<Executable> all = new ArrayList<>(Arrays.asList(type.getDeclaredConstructors()));
        for (Method m : type.getDeclaredMethods()) {
            all.add(m);
        }
        return all.stream().anyMatch(present);
    }

    /** Remembers which types were transformed and why any failed. */
    private final class Listener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
                                     boolean loaded, net.bytebuddy.dynamic.DynamicType dynamicType) {
            transformed.add(typeDescription.getName());
        }

        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            errors.putIfAbsent(typeName, throwable);
        }
    }
}
