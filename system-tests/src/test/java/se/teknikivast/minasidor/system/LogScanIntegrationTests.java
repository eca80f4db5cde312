package se.teknikivast.minasidor.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Personal numbers, passwords, tokens and full e-mail addresses never appear in logs (docs/security.md). Runs
 * last (junit-platform.properties orders classes by {@code @Order}), so it reads the logs of everything the other
 * system tests did: logins with passwords and BankID, registrations, e-mails. Checks every service's log and the
 * infrastructure's in .local-stack/logs; not local-stack.log, where the launcher prints the demo logins for people on
 * purpose.
 */
@Order(Integer.MAX_VALUE)
@ExtendWith(RunningSystem.class)
class LogScanIntegrationTests {

    private static final Set<String> SERVICES =
            Set.of("gateway", "customer-service", "bankid-adapter", "notification-service", "auth-service");

    private static final Pattern IDENTITY_NUMBER = Pattern.compile("(?<!\\d)(\\d{8})-?(\\d{4})(?!\\d)");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final Pattern PASSWORD = Pattern.compile("\"password\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}");

    /** Passwords the system tests type that are not demo passwords. */
    private static final List<String> TYPED_PASSWORDS =
            List.of("inte-det-ratta-losenordet", RegistrationAttackIntegrationTests.STRANGERS_PASSWORD);

    private static final Map<String, String> secrets = new LinkedHashMap<>();

    @BeforeAll
    static void demoData() throws IOException {
        var root = RunningSystem.repositoryRoot();
        var demo = root.resolve("local-stack/src/main/resources/demo");
        var text =
                Files.readString(demo.resolve("customers.jsonl")) + Files.readString(root.resolve("docs/demo-data.md"));
        var numbers = IDENTITY_NUMBER.matcher(text);
        while (numbers.find()) {
            var digits = numbers.group(1) + numbers.group(2);
            // Every way a person or a program writes it: 12 digits, with the hyphen, and the 10-digit short forms.
            secrets.put(digits, "identity number");
            secrets.put(numbers.group(1) + "-" + numbers.group(2), "identity number");
            secrets.put(digits.substring(2), "identity number (10 digits)");
            secrets.put(digits.substring(2, 8) + "-" + digits.substring(8), "identity number (10 digits)");
        }
        var emails = EMAIL.matcher(text);
        while (emails.find()) {
            secrets.put(emails.group(), "e-mail address");
        }
        var passwords = PASSWORD.matcher(Files.readString(demo.resolve("credentials.jsonl")));
        while (passwords.find()) {
            secrets.put(passwords.group(1), "password");
        }
        TYPED_PASSWORDS.forEach(password -> secrets.put(password, "password"));
        assertThat(secrets.values()).contains("identity number", "e-mail address", "password");
    }

    @Test
    void noLogOfTheRunHoldsAPersonalNumberAPasswordATokenOrAFullEMailAddress() throws IOException {
        var logs = logs();
        assertThat(logs.stream().map(f -> f.getFileName().toString()))
                .as("the services' logs in .local-stack/logs")
                .contains(SERVICES.stream().map(s -> s + ".log").toArray(String[]::new));

        var leaks = new ArrayList<String>();
        for (var log : logs) {
            int number = 0;
            for (var line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                number++;
                for (var secret : secrets.entrySet()) {
                    int at = indexOfStandalone(line, secret.getKey());
                    if (at >= 0) {
                        leaks.add("%s:%d %s: %s"
                                .formatted(log.getFileName(), number, secret.getValue(), around(line, at)));
                    }
                }
                var jwt = JWT.matcher(line);
                if (jwt.find()) {
                    leaks.add("%s:%d token (JWT): %s".formatted(log.getFileName(), number, around(line, jwt.start())));
                }
            }
        }
        assertThat(leaks).as("personal data in the logs of this run").isEmpty();
    }

    @Test
    void everyServiceLogsJsonLinesNamingItselfWhenLogFormatIsEcs() throws IOException {
        assumeTrue("ecs".equals(System.getenv("LOG_FORMAT")), "the stack was started with LOG_FORMAT=ecs");
        var logs = RunningSystem.repositoryRoot().resolve(".local-stack/logs");
        for (var service : SERVICES) {
            var lines = Files.readAllLines(logs.resolve(service + ".log"), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("{"))
                    .toList();
            assertThat(lines).as("JSON lines in %s.log", service).isNotEmpty();
            assertThat(lines)
                    .as("%s.log: every JSON line names the service (ECS service.name)", service)
                    .allSatisfy(line -> assertThat(line).contains("\"service\":{\"name\":\"" + service + "\""));
        }
    }

    private static List<Path> logs() throws IOException {
        try (var files = Files.list(RunningSystem.repositoryRoot().resolve(".local-stack/logs"))) {
            return files.filter(f -> f.toString().endsWith(".log"))
                    .filter(f -> !f.getFileName().toString().equals("local-stack.log"))
                    .sorted()
                    .toList();
        }
    }

    /** Where the value stands on its own (not inside a longer number or word), else -1. */
    private static int indexOfStandalone(String line, String value) {
        int from = 0;
        while (true) {
            int at = line.indexOf(value, from);
            if (at < 0) {
                return -1;
            }
            int end = at + value.length();
            boolean before = at == 0 || !Character.isLetterOrDigit(line.charAt(at - 1));
            boolean after = end == line.length() || !Character.isLetterOrDigit(line.charAt(end));
            if (before && after) {
                return at;
            }
            from = at + 1;
        }
    }

    private static String around(String line, int at) {
        return line.substring(Math.max(0, at - 60), Math.min(line.length(), at + 60));
    }
}
