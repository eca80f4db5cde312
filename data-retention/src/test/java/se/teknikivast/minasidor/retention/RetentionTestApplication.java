package se.teknikivast.minasidor.retention;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.teknikivast.minasidor.infrastructure.testing.MutableClock;

/**
 * A service with two tables to prune, as an owner declares them: {@code messages} (finished once published, kept 7
 * days) and {@code tokens} (finished once expired, kept 30 days after).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DataRetention.class)
class RetentionTestApplication {

    static final Duration MESSAGES_KEPT = Duration.ofDays(7);
    static final Duration TOKENS_KEPT = Duration.ofDays(30);

    @Bean
    MutableClock clock() {
        // The application's clock, moved by the test instead of waiting.
        return new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    }

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Bean
    RetentionRule messagesRule() {
        return new RetentionRule("messages", MESSAGES_KEPT, "published_at < :cutoff");
    }

    @Bean
    RetentionRule tokensRule() {
        return new RetentionRule("tokens", TOKENS_KEPT, "expires_at < :cutoff");
    }

    @Bean
    Tables tables(JdbcClient jdbc) {
        return new Tables(jdbc);
    }

    static class Tables {
        Tables(JdbcClient jdbc) {
            jdbc.sql("""
                            create table if not exists messages (
                                id           bigserial   primary key,
                                created_at   timestamptz not null,
                                published_at timestamptz)""").update();
            jdbc.sql("""
                            create table if not exists tokens (
                                id         bigserial   primary key,
                                expires_at timestamptz not null)""").update();
        }
    }
}
