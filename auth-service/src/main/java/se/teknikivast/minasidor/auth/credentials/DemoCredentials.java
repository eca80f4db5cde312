package se.teknikivast.minasidor.auth.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives the local stack's demo customers passwords at start-up ({@code minasidor.demo.credentials-file}, JSON lines
 * {@code {"customerNumber","password"}}), so password login works from the first run. A customer that already has
 * a password keeps it. Never configured outside the local stack.
 */
@Component
class DemoCredentials implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCredentials.class);

    private final String file;
    private final Credentials credentials;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    DemoCredentials(
            @Value("${minasidor.demo.credentials-file:}") String file,
            Credentials credentials,
            PasswordHasher hasher,
            Clock clock) {
        this.file = file;
        this.credentials = credentials;
        this.hasher = hasher;
        this.clock = clock;
    }

    record DemoCredential(String customerNumber, String password) {}

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!StringUtils.hasText(file)) {
            return;
        }
        int added = 0;
        for (var line : Files.readAllLines(Path.of(file))) {
            if (line.isBlank()) {
                continue;
            }
            var demo = json.readValue(line, DemoCredential.class);
            if (!credentials.hasPassword(demo.customerNumber())
                    && credentials.storeHashIfAbsent(
                            demo.customerNumber(),
                            hasher.hash(PasswordText.normalized(demo.password())),
                            clock.instant())) {
                added++;
            }
        }
        log.info("Demo credentials: set {} password(s) from {}", added, file);
    }
}
