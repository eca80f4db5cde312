package se.teknikivast.minasidor.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * The demo secrets a service publishes in its {@code application-local.yml}: every upper-case key there, such as
 * {@code MINASIDOR_GATEWAY_CLIENT_SECRET}, is the name of a variable its {@code application.yml} reads as
 * {@code ${MINASIDOR_GATEWAY_CLIENT_SECRET}}, and the value next to it is the demo value anyone can read in the
 * repository. Lower-case keys there are ordinary local settings, not secrets.
 *
 * @param values variable name → its published demo value, in the file's order
 */
public record DemoSecrets(Map<String, String> values) {

    /** The local profile's file, read from the service's own class path (its jar). */
    public static final String LOCATION = "application-local.yml";

    private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");

    public DemoSecrets {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static DemoSecrets of(ClassLoader classLoader) {
        return of(new ClassPathResource(LOCATION, classLoader));
    }

    static DemoSecrets of(Resource file) {
        var values = new LinkedHashMap<String, String>();
        if (!file.exists()) {
            return new DemoSecrets(values);
        }
        try {
            for (var document : new YamlPropertySourceLoader().load(LOCATION, file)) {
                if (document instanceof EnumerablePropertySource<?> properties) {
                    for (var name : properties.getPropertyNames()) {
                        if (VARIABLE.matcher(name).matches()) {
                            values.put(name, Objects.toString(properties.getProperty(name), ""));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + LOCATION, e);
        }
        return new DemoSecrets(values);
    }
}
