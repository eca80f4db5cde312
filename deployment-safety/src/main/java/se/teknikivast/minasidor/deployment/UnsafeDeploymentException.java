package se.teknikivast.minasidor.deployment;

import java.util.List;

/** A start without the local profile that would run with a demo secret, without a secret, or with a local feature. */
public final class UnsafeDeploymentException extends IllegalStateException {

    private final List<String> problems;

    UnsafeDeploymentException(List<String> problems) {
        super("Refusing to start without the profile " + StartChecks.LOCAL_PROFILE + ": "
                + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
