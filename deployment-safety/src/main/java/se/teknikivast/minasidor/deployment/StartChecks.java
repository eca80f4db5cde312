package se.teknikivast.minasidor.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.core.env.Environment;

/**
 * What a start without the local profile must not do, each found problem as one line naming the setting: run with a
 * demo secret or without one, run something that is only for a person's own machine, or serve actuator on the public
 * port.
 */
final class StartChecks {

    static final String LOCAL_PROFILE = "local";

    /**
     * Set by a configuration file (e.g. a profile's) whose feature must never run in a deployment; its value says what
     * the feature is.
     */
    static final String LOCAL_ONLY = "minasidor.local-only";

    private StartChecks() {}

    /** The problems with this start; none when the local profile is on. */
    static List<String> problems(Environment environment, DemoSecrets demo) {
        if (environment.matchesProfiles(LOCAL_PROFILE)) {
            return List.of();
        }
        var problems = new ArrayList<String>();
        demo.values().forEach((variable, published) -> {
            var value = environment.getProperty(variable);
            if (value == null || value.isBlank()) {
                problems.add(variable + " is not set");
            } else if (value.equals(published)) {
                problems.add(variable + " is the demo value published in " + DemoSecrets.LOCATION);
            }
        });
        var localOnly = environment.getProperty(LOCAL_ONLY);
        if (localOnly != null && !localOnly.isBlank()) {
            problems.add(localOnly.strip() + " runs only with the profile " + LOCAL_PROFILE);
        }
        managementPortProblem(environment).ifPresent(problems::add);
        return List.copyOf(problems);
    }

    /** Actuator on the public port would hand its health details and metrics to anyone who can reach the service. */
    private static Optional<String> managementPortProblem(Environment environment) {
        var management = environment.getProperty("management.server.port");
        var server = environment.getProperty("server.port", "8080");
        if (management == null || management.isBlank()) {
            return Optional.of("management.server.port (MANAGEMENT_SERVER_PORT) is not set: actuator would be"
                    + " on the public port");
        }
        if (!management.strip().equals("0") && management.strip().equals(server.strip())) {
            return Optional.of("management.server.port (MANAGEMENT_SERVER_PORT) is server.port: actuator would"
                    + " be on the public port");
        }
        return Optional.empty();
    }
}
