package se.teknikivast.minasidor.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;
import se.teknikivast.minasidor.retention.RetentionJob;
import se.teknikivast.minasidor.retention.RetentionRule;

/**
 * A service that imports the outbox prunes it: published rows go 7 days after their publication, unpublished ones
 * never. Without a reachable Kafka, so an unpublished row stays unpublished; the relay's first round runs at start and
 * the next after an hour, and the job runs by hand.
 */
@SpringBootTest(
        classes = OutboxRetentionIntegrationTests.Application.class,
        properties = {
            "spring.kafka.bootstrap-servers=127.0.0.1:9",
            "minasidor.outbox.poll-interval=1h",
            "minasidor.retention.enabled=false"
        })
@WithPostgres
class OutboxRetentionIntegrationTests {

    @Autowired
    RetentionJob retention;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Test
    void theOutboxHasOneRuleOfSevenDaysForPublishedRows() {
        assertThat(retention.rules())
                .filteredOn(rule -> rule.table().equals("outbox"))
                .singleElement()
                .extracting(RetentionRule::period)
                .isEqualTo(Duration.ofDays(7));
    }

    @Test
    void publishedRowsGoSevenDaysAfterPublicationUnpublishedOnesNever() {
        var now = clock.instant();
        var old = row(now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(8)));
        var young = row(now.minus(Duration.ofDays(6)), now.minus(Duration.ofDays(6)));
        var waiting = row(now.minus(Duration.ofDays(30)), null);

        var run = retention.pruneNow();

        assertThat(run.pruned("outbox")).isEqualTo(1);
        assertThat(jdbc.sql("select message_id from outbox where message_id in (?, ?, ?)")
                        .params(old, young, waiting)
                        .query(UUID.class)
                        .list())
                .containsExactlyInAnyOrder(young, waiting);
    }

    private UUID row(Instant createdAt, Instant publishedAt) {
        var id = UUID.randomUUID();
        jdbc.sql("""
                        insert into outbox (message_id, topic, message_key, message_type, payload, created_at,
                                            published_at)
                        values (?, 'stand-in', 'key', 'Type', ?, ?, ?)""")
                .params(
                        id,
                        publishedAt == null ? "{}" : null,
                        createdAt.atOffset(ZoneOffset.UTC),
                        publishedAt == null ? null : publishedAt.atOffset(ZoneOffset.UTC))
                .update();
        return id;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(TransactionalOutbox.class)
    static class Application {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        OutboxIntegrationTests.OutboxTable outboxTable(JdbcClient jdbc) {
            return new OutboxIntegrationTests.OutboxTable(jdbc);
        }
    }
}
