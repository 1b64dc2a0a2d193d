package io.threadstorm.junit.samples;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a sample test class that fails on purpose: it runs only inside the engine test kit, which sets the
 * configuration parameter {@value #PARAMETER}, never on its own (surefire, an IDE).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(TestKitOnly.Condition.class)
public @interface TestKitOnly {

    /** The configuration parameter that enables the samples. */
    String PARAMETER = "threadstorm.samples";

    /** Disables the sample unless {@value #PARAMETER} is {@code true}. */
    final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).filter("true"::equals).isPresent()
                    ? ConditionEvaluationResult.enabled("run by the engine test kit")
                    : ConditionEvaluationResult.disabled("a sample for the engine test kit only");
        }
    }
}
