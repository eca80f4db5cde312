package se.teknikivast.minasidor.deployment;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Runs the {@link StartChecks} once the configuration is read and before anything starts (no connection, no port):
 * a start without the local profile that is not safe stops here with an {@link UnsafeDeploymentException}, which
 * {@link UnsafeDeploymentFailureAnalyzer} prints as a short list of what to set, without a stack trace.
 */
final class DeploymentSafetyListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    private static final Log log = LogFactory.getLog(DeploymentSafetyListener.class);

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        var environment = event.getEnvironment();
        if (environment.matchesProfiles(StartChecks.LOCAL_PROFILE)) {
            log.warn("Profile " + StartChecks.LOCAL_PROFILE + " is on: demo secrets published in "
                    + DemoSecrets.LOCATION + " and local-only features may be in use. Never in a deployment.");
            return;
        }
        var problems = StartChecks.problems(
                environment, DemoSecrets.of(event.getSpringApplication().getClassLoader()));
        if (!problems.isEmpty()) {
            throw new UnsafeDeploymentException(problems);
        }
    }

    /** Right after logging is set up, so the refusal is logged like any other start-up failure. */
    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }
}
