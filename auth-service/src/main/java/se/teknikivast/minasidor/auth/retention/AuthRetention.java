package se.teknikivast.minasidor.auth.retention;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import se.teknikivast.minasidor.auth.password.ActivationProperties;
import se.teknikivast.minasidor.retention.DataRetention;
import se.teknikivast.minasidor.retention.RetentionRule;

/**
 * What auth-service deletes once nobody needs it (docs/operations.md "Retention"), besides its published outbox rows
 * (the transactional outbox's rule): password-setup links and activation codes some time after they expired, and the
 * ids of processed customer events once Kafka can no longer deliver the event again. A link or a code is usable only
 * before its {@code expires_at}, so no usable one is ever matched.
 */
@Configuration(proxyBeanMethods = false)
@Import(DataRetention.class)
class AuthRetention {

    @Bean
    RetentionRule passwordSetupTokensRetention(AuthRetentionProperties retention) {
        return new RetentionRule("password_setup_tokens", retention.passwordSetupTokens(), "expires_at < :cutoff");
    }

    @Bean
    RetentionRule activationCodesRetention(AuthRetentionProperties retention, ActivationProperties activation) {
        requireLetterWindowCovered(retention.activationCodes(), activation);
        return new RetentionRule("activation_codes", retention.activationCodes(), "expires_at < :cutoff");
    }

    @Bean
    RetentionRule processedCustomerEventsRetention(AuthRetentionProperties retention) {
        return new RetentionRule(
                "processed_customer_events", retention.processedCustomerEvents(), "processed_at < :cutoff");
    }

    /** The letter limit counts the codes created in its window: none of them may be gone before the window ends. */
    static void requireLetterWindowCovered(Duration keptAfterExpiry, ActivationProperties activation) {
        if (activation.codeValidity().plus(keptAfterExpiry).compareTo(activation.letterWindow()) < 0) {
            throw new IllegalStateException("minasidor.retention.auth.activation-codes (" + keptAfterExpiry
                    + ") plus minasidor.activation.code-validity (" + activation.codeValidity()
                    + ") must be at least minasidor.activation.letter-window (" + activation.letterWindow()
                    + "): the limit of letters per customer counts the codes of that window");
        }
    }
}
