package dev.squall.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs sample test classes — tests that are meant to fail, to prove the harness fails them — with JUnit's
 * EngineTestKit. The samples carry {@link Sample} so that they run only this way, never in the build's own
 * test run or an IDE's.
 */
final class Samples {
    private static final String ENABLED = "dev.squall.testing.samples";

    private Samples() {}

    static EngineExecutionResults run(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(ENABLED, "true")
                .selectors(selectClass(sample))
                .execute();
    }

    /** Marks a sample class: skipped unless {@link Samples#run} runs it. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(OnlyInSamples.class)
    @interface Sample {}

    /** The condition behind {@link Sample}. */
    static final class OnlyInSamples implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(ENABLED).isPresent()
                    ? ConditionEvaluationResult.enabled("run by Samples.run")
                    : ConditionEvaluationResult.disabled("a sample for the harness's own tests; run by Samples.run");
        }
    }
}
