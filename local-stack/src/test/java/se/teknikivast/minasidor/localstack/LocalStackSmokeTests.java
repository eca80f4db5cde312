package se.teknikivast.minasidor.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import se.teknikivast.minasidor.infrastructure.embedded.Ports;

/**
 * The whole {@code ./mina-sidor up --detach --strict}, then {@code down}: everything UP, then nothing left running.
 * Opt-in (about two minutes and 2 GB): build first, then
 * {@code MINASIDOR_SMOKE=true ./mvnw -pl local-stack verify -Dtest=LocalStackSmokeTests}.
 */
@EnabledIfEnvironmentVariable(named = "MINASIDOR_SMOKE", matches = "true")
class LocalStackSmokeTests {

    private static final Path ROOT =
            Path.of(System.getProperty("minasidor.root", "..")).toAbsolutePath().normalize();

    @AfterEach
    void down() throws Exception {
        run("down");
    }

    @Test
    void bringsUpEveryServiceHealthyAndLeavesNothingBehind() throws Exception {
        var up = run("up", "--detach", "--strict", "--no-build");
        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.output()).contains("5 of 5 services UP");

        var health = new HealthCheck(Duration.ofMillis(200));
        for (var service : ServiceDefinition.all(ROOT)) {
            assertThat(health.isUp(service.healthUrl())).as(service.name()).isTrue();
        }
        assertThat(Ports.isListening(LocalInfrastructure.INBOX_PORT)).isTrue();

        var down = run("down");
        assertThat(down.exitCode()).as(down.output()).isZero();
        assertThat(down.output()).contains("no local-stack process left");
        assertThat(ROOT.resolve(".local-stack/pids")).isEmptyDirectory();
        for (var service : ServiceDefinition.all(ROOT)) {
            assertThat(Ports.isListening(service.port())).as(service.name()).isFalse();
        }
        assertThat(Ports.isListening(LocalInfrastructure.POSTGRES_PORT)).isFalse();
        assertThat(Ports.isListening(LocalInfrastructure.KAFKA_PORT)).isFalse();
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String... arguments) throws Exception {
        var command = new java.util.ArrayList<String>();
        command.add(ROOT.resolve("mina-sidor").toString());
        command.addAll(java.util.List.of(arguments));
        var log = Files.createTempFile("mina-sidor-", ".log");
        var process = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(6, TimeUnit.MINUTES)) {
            process.destroy();
        }
        return new Result(process.waitFor(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
