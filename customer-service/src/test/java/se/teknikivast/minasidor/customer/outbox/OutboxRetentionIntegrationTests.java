package se.teknikivast.minasidor.customer.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.teknikivast.minasidor.customer.customer.Customers;
import se.teknikivast.minasidor.customer.support.CustomerServiceIntegrationTest;
import se.teknikivast.minasidor.customer.support.Seed;
import se.teknikivast.minasidor.retention.RetentionJob;
import se.teknikivast.minasidor.retention.RetentionRule;

/**
 * customer-service prunes its outbox through the shared outbox's rule (published rows 7 days after publication) and
 * nothing else: the audit trail of e-mail changes is kundservice's history of a customer's login address and stays as
 * long as the customer (docs/operations.md "Retention"). The job runs by hand (the tests' configuration turns the
 * schedule off).
 */
@CustomerServiceIntegrationTest
class OutboxRetentionIntegrationTests {

    @Autowired
    RetentionJob retention;

    @Autowired
    Clock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Customers customers;

    @Value("${minasidor.customer-events.topic}")
    String topic;

    @Test
    void onlyTheOutboxIsPruned() {
        assertThat(retention.rules()).extracting(RetentionRule::table).containsExactly("outbox");
    }

    @Test
    void publishedEventsGoSevenDaysAfterPublication() {
        var now = clock.instant();
        var old = published(now.minus(Duration.ofDays(8)));
        var young = published(now.minus(Duration.ofDays(6)));

        var run = retention.pruneNow();

        assertThat(run.pruned("outbox")).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("select message_id from outbox where message_id in (?, ?)")
                        .params(old, young)
                        .query(UUID.class)
                        .list())
                .containsExactly(young);
    }

    @Test
    void theAuditOfEmailChangesStays() {
        var customer = Seed.person(customers, "granskad@example.se");
        var changedAt = clock.instant().minus(Duration.ofDays(5 * 365)).atOffset(ZoneOffset.UTC);
        jdbc.sql("""
                        insert into email_changes (customer_number, changed_by, changed_at, masked_old, masked_new, reason)
                        values (?, 'kundservice', ?, null, 'g***@example.se', 'test')""").params(customer.customerNumber(), changedAt).update();

        retention.pruneNow();

        assertThat(jdbc.sql("select count(*) from email_changes where customer_number = ?")
                        .param(customer.customerNumber())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    /** A row as the relay leaves it: published at {@code at}, payload erased. */
    private UUID published(Instant at) {
        var id = UUID.randomUUID();
        jdbc.sql("""
                        insert into outbox (message_id, topic, message_key, message_type, payload, created_at,
                                            published_at, attempts)
                        values (?, ?, '100001', 'EmailChanged', null, ?, ?, 1)""")
                .params(id, topic, at.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC))
                .update();
        return id;
    }
}
