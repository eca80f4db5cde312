package se.teknikivast.minasidor.notification.retention;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import se.teknikivast.minasidor.retention.DataRetention;
import se.teknikivast.minasidor.retention.RetentionRule;

/**
 * What notification-service deletes once nobody needs it (docs/operations.md "Retention"): delivery records of mails
 * that were sent or given up, and the records of letters put in the print queue.
 */
@Configuration(proxyBeanMethods = false)
@Import(DataRetention.class)
class NotificationRetention {

    /**
     * Sent, or failed and on the dead-letter topic; counted from {@code updated_at}, the time of that last change (a
     * re-drive moves it, and makes the delivery pending again). A pending or sending delivery, or a failed one the
     * dead-letter relay has not published yet, is never matched.
     */
    @Bean
    RetentionRule deliveriesRetention(NotificationRetentionProperties retention) {
        return new RetentionRule(
                "deliveries",
                retention.deliveries(),
                "updated_at < :cutoff and (status = 'SENT' or (status = 'FAILED' and dead_lettered_at is not null))");
    }

    @Bean
    RetentionRule lettersRetention(NotificationRetentionProperties retention) {
        return new RetentionRule("letters", retention.letters(), "queued_at < :cutoff");
    }
}
