package se.teknikivast.minasidor.resourceserver;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * auth-service signs with ES256, while Spring Boot's default for
 * {@code spring.security.oauth2.resourceserver.jwt.jws-algorithms} is RS256: a service that forgot the property would
 * refuse every real token (and tests with a key of their own would not notice). This makes ES256 the default of every
 * service with this library, below everything a service or a deployment configures.
 */
public final class ResourceServerDefaults implements EnvironmentPostProcessor {

    static final String JWS_ALGORITHMS = "spring.security.oauth2.resourceserver.jwt.jws-algorithms";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment
                .getPropertySources()
                .addLast(new MapPropertySource("resource-server-defaults", Map.of(JWS_ALGORITHMS, "ES256")));
    }
}
