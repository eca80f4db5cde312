package se.teknikivast.minasidor.deployment;

import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The refusal as a person reads it: one line per setting, and what to do. */
final class UnsafeDeploymentFailureAnalyzer extends AbstractFailureAnalyzer<UnsafeDeploymentException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsafeDeploymentException cause) {
        var description = cause.problems().stream()
                .map(problem -> "  - " + problem)
                .collect(Collectors.joining(
                        "\n", "Not safe to run without the profile " + StartChecks.LOCAL_PROFILE + ":\n", ""));
        var action =
                "Give each setting above a value of your own and leave local-only profiles off (docs/operations.md,"
                        + " \"Deploying safely\"). Only for a try-out on your own machine: add the profile "
                        + StartChecks.LOCAL_PROFILE + ", whose demo values are public.";
        return new FailureAnalysis(description, action, cause);
    }
}
