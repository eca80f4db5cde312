package se.teknikivast.minasidor.gateway.logout;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Delivers the logouts auth-service did not confirm at the time (it was down, slow or answered 5xx), every
 * {@code retry-interval}, from whichever gateway instance gets there first. While auth-service is down nothing can
 * use the login's refresh token or auth-service session either: both are only ever honoured by auth-service, which
 * hears of the logout within one retry interval of coming back.
 */
@Component
class LogoutRelay {

    private static final Logger log = LoggerFactory.getLogger(LogoutRelay.class);
    private static final int BATCH = 50;

    private final LogoutOutbox outbox;
    private final AuthServiceLogout authService;
    private final Duration budget;

    LogoutRelay(LogoutOutbox outbox, AuthServiceLogout authService, LogoutProperties properties) {
        this.outbox = outbox;
        this.authService = authService;
        this.budget = properties.retryInterval().plus(properties.timeout().multipliedBy(3 * BATCH));
    }

    @Scheduled(
            fixedDelayString = "${minasidor.gateway.logout.retry-interval}",
            initialDelayString = "${minasidor.gateway.logout.retry-interval}")
    void deliverDue() {
        try {
            var delivered = outbox.claimDue(BATCH)
                    .concatMap(pending -> authService
                            .end(pending.tokens())
                            .then(outbox.done(pending.id()))
                            .thenReturn(true)
                            .onErrorResume(AuthServiceLogout.Refused.class, refused -> {
                                // A 4xx will not turn into a 2xx by asking again (e.g. a wrong client secret).
                                log.warn("Logout {} dropped: {}", pending.id(), refused.getMessage());
                                return outbox.done(pending.id()).thenReturn(false);
                            })
                            .onErrorResume(AuthServiceLogout.Unreachable.class, down -> Mono.just(false)))
                    .filter(ok -> ok)
                    .count()
                    .block(budget);
            if (delivered != null && delivered > 0) {
                log.info("Delivered {} pending logout(s) to auth-service", delivered);
            }
        } catch (RuntimeException e) {
            // Redis down or slow: the logouts stay where they are; the next round tries again.
            log.warn(
                    "Pending logouts not delivered this round: {}", e.getClass().getSimpleName());
        }
    }
}
