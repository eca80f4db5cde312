package se.teknikivast.minasidor.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import se.teknikivast.minasidor.infrastructure.testing.MutableClock;
import se.teknikivast.minasidor.infrastructure.testing.WithPostgres;

/** Left alone, the job prunes on its own, every {@code interval}. */
@SpringBootTest(
        classes = RetentionTestApplication.class,
        properties = {"minasidor.retention.enabled=true", "minasidor.retention.interval=1s"})
@WithPostgres
class RetentionScheduleIntegrationTests {

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void prunesOnItsSchedule() {
        var published = clock.instant().minus(Duration.ofDays(8)).atOffset(ZoneOffset.UTC);
        jdbc.sql("insert into messages (created_at, published_at) values (?, ?), (?, null)")
                .params(published, published, published)
                .update();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from messages where published_at is not null")
                                .query(Long.class)
                                .single()
                        == 0);
        assertThat(jdbc.sql("select count(*) from messages").query(Long.class).single())
                .as("the unpublished message")
                .isEqualTo(1);
    }
}
