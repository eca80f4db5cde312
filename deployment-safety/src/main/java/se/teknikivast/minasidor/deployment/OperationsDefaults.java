package se.teknikivast.minasidor.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code minasidor/operations-defaults.yml} (actuator exposure, health probes, metric tags and histograms,
 * observations, tracing, the log format) to every service's environment with the lowest precedence, so the five
 * services share one copy and each overrides what it must in its own {@code application.yml}.
 */
public class OperationsDefaults implements EnvironmentPostProcessor, Ordered {

    static final String LOCATION = "minasidor/operations-defaults.yml";
    static final String NAME = "minasidorOperationsDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(NAME)) {
            return;
        }
        try {
            var documents = new YamlPropertySourceLoader().load(NAME, new ClassPathResource(LOCATION));
            documents.forEach(document -> environment.getPropertySources().addLast(document));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + LOCATION, e);
        }
    }

    /** After the application's own configuration is read; the position among sources is what decides precedence. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
