package se.teknikivast.minasidor.infrastructure.testing;

import java.util.LinkedHashMap;

/**
 * The command line of a service started as a deployment starts it: only the jar's own {@code application.yml} (not
 * the module's test configuration, which switches the local profile on), on free ports. For tests of what a
 * deployment refuses (module deployment-safety) and how it behaves, e.g.
 * {@code SpringApplication.run(GatewayApplication.class, DeploymentStart.arguments("spring.data.redis.port=9"))}.
 */
public final class DeploymentStart {

    private DeploymentStart() {}

    /** {@code settings} ({@code name=value}, the name as a property or a variable) over the defaults. */
    public static String[] arguments(String... settings) {
        var arguments = new LinkedHashMap<String, String>();
        arguments.put("spring.config.location", "classpath:/application.yml");
        arguments.put("server.port", "0");
        arguments.put("management.server.port", "0");
        for (var setting : settings) {
            var equals = setting.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("Not name=value: " + setting);
            }
            // One value per name: Spring joins a repeated command-line option with commas.
            arguments.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        return arguments.entrySet().stream()
                .map(argument -> "--" + argument.getKey() + "=" + argument.getValue())
                .toArray(String[]::new);
    }
}
