package se.teknikivast.minasidor.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/** Starts real gateway instances on known ports, all on the test Redis, for tests that need more than one. */
final class Gateways {

    /** A Kafka address where nothing listens, for tests that run without a broker. */
    static final String KAFKA_DOWN = "127.0.0.1:9";

    private Gateways() {}

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConfigurableApplicationContext start(int port, Map<String, String> properties) {
        var redis = TestInfrastructure.redis();
        var args = new ArrayList<>(List.of(
                "--server.port=" + port,
                // Several gateways at once, next to a running local stack: none takes the fixed management port.
                "--management.server.port=0",
                "--spring.data.redis.host=" + redis.host(),
                "--spring.data.redis.port=" + redis.port(),
                "--server.reactive.session.cookie.secure=false",
                "--management.metrics.export.defaults.enabled=false"));
        if (!properties.containsKey("spring.kafka.bootstrap-servers")) {
            // Kafka down (nothing listens on the discard port): the gateway must start and serve without it.
            args.add("--spring.kafka.bootstrap-servers=" + KAFKA_DOWN);
        }
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        return new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
    }
}
