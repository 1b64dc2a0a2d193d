package io.threadstorm.instrument;

/**
 * A constructor call inside a JDK class's own methods that is sent to another constructor of the same class, so that
 * a hook on the first one sees only calls from outside. {@code CompletableFuture} makes each dependent stage with
 * {@code new CompletableFuture()}; the hook on that constructor is there for the application's own futures, and the
 * stages (two per {@code runAsync(..).thenApply(..)}) paid a sampled check and, when sampled, a stack walk only to be
 * dropped. Inside the class, {@code new CompletableFuture()} becomes {@code new CompletableFuture(null)}: the
 * package-private constructor that stores its argument as the result, here {@code null}, which is what the no-argument
 * constructor leaves.
 *
 * @param type        internal class name whose methods are rewritten (its constructors are left alone)
 * @param description what it is, for the messages
 * @param from        descriptor of the constructor called today, {@code ()V}
 * @param to          descriptor of the one called instead, with one more trailing reference argument passed
 *                    {@code null}
 */
record Redirect(String type, String description, String from, String to) {
}
