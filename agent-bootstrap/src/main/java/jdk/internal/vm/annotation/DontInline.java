package jdk.internal.vm.annotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A compile-time copy of the JDK's own annotation, which {@code --release 17} does not show (the package is not
 * exported). HotSpot reads it by name, in classes of the boot loader only, where {@code Recorder} lives: a method
 * that bears it is never inlined. It keeps the rare slow paths of the hooks out of the JDK methods they are in. Left
 * out of the jar: at run time the name is java.base's.
 */
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR})
@Retention(RetentionPolicy.RUNTIME)
public @interface DontInline {
}
