package se.teknikivast.minasidor.notification.delivery;

import jakarta.mail.MessagingException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import se.teknikivast.minasidor.events.EmailRequest;
import se.teknikivast.minasidor.identity.Masking;
import se.teknikivast.minasidor.notification.templates.EmailTemplates;
import se.teknikivast.minasidor.notification.templates.InvalidEmailRequestException;

/**
 * The senders: threads that claim due deliveries from PostgreSQL and send them, each over its own SMTP connection.
 *
 * <p>Claim, then send, then record: a claim commits before the SMTP conversation, and the result commits right after
 * the server's reply. The one window this cannot close is a crash (or a lost database) between the server accepting
 * the mail and the "sent" row committing. Such a claim expires after {@code claim-timeout} and the mail is sent
 * again: a possible duplicate, counted in {@code notification.emails.reclaimed}, chosen over a possible silent loss,
 * because a customer who never gets a password link cannot log in, while a second identical mail (same link, same
 * Message-ID) is harmless.
 */
@Component
class DeliveryDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

    private final Deliveries deliveries;
    private final EmailTemplates templates;
    private final MailComposer composer;
    private final JavaMailSenderImpl smtp;
    private final DeliveryMetrics metrics;
    private final DeliveryProperties properties;
    private final RetrySchedule retries;
    private final Clock clock;
    private final Semaphore wakeups = new Semaphore(0);
    private final List<Thread> senders = new ArrayList<>();
    private volatile boolean running;

    DeliveryDispatcher(
            Deliveries deliveries,
            EmailTemplates templates,
            MailComposer composer,
            JavaMailSenderImpl smtp,
            DeliveryMetrics metrics,
            DeliveryProperties properties,
            Clock clock) {
        this.deliveries = deliveries;
        this.templates = templates;
        this.composer = composer;
        this.smtp = smtp;
        this.metrics = metrics;
        this.properties = properties;
        this.retries = RetrySchedule.of(properties);
        this.clock = clock;
    }

    /** A new delivery is due now: wake an idle sender rather than waiting for its next poll. */
    void wakeUp() {
        if (wakeups.availablePermits() < properties.senders()) {
            wakeups.release();
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        for (int i = 0; i < properties.senders(); i++) {
            senders.add(Thread.ofVirtual().name("mail-sender-" + i).start(this::sendUntilStopped));
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        // Let a sender finish the mail it is on (interrupting it mid-conversation would risk a duplicate).
        wakeups.release(senders.size());
        for (var sender : senders) {
            try {
                if (!sender.join(Duration.ofSeconds(15))) {
                    sender.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        senders.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Start after, and stop before, the web server and the Kafka listeners' default phase.
        return Integer.MAX_VALUE - 2000;
    }

    private void sendUntilStopped() {
        try (var connection = new SmtpConnection(smtp)) {
            while (running) {
                try {
                    if (sendDue(connection) == 0) {
                        wakeups.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // Typically the database is unreachable; the deliveries wait in it, so just try again soon.
                    log.warn("Sending paused: {}", Masking.text(String.valueOf(e.getMessage())));
                    try {
                        Thread.sleep(properties.pollInterval());
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }
    }

    /** Claims and sends one batch; returns how many were claimed. */
    int sendDue(SmtpConnection connection) {
        var now = clock.instant();
        var claimed = deliveries.claimDue(properties.batchSize(), now, now.plus(properties.claimTimeout()));
        for (int i = 0; i < claimed.size(); i++) {
            var result = send(connection, claimed.get(i));
            if (result instanceof SendResult.Transient failure && failure.connectionLost()) {
                // The server is unreachable: the rest of the batch would fail the same way. Hand it back untried.
                var rest = claimed.subList(i + 1, claimed.size()).stream()
                        .map(ClaimedDelivery::id)
                        .toList();
                deliveries.release(rest, retries.next(1, clock.instant()), clock.instant());
                break;
            }
        }
        return claimed.size();
    }

    private SendResult send(SmtpConnection connection, ClaimedDelivery delivery) {
        if (delivery.reclaimed()) {
            metrics.reclaimed(delivery.type());
            log.warn(
                    "Delivery {} is sent again after an expired claim: its sender may have stopped after the SMTP "
                            + "server accepted it, so the customer may get it twice",
                    delivery.id());
        }
        EmailRequest request;
        jakarta.mail.internet.MimeMessage message;
        try {
            request = EmailRequestJson.parse(delivery.requestJson());
            var now = clock.instant();
            message = composer.compose(smtp.getSession(), delivery.id(), request, templates.render(request), now);
        } catch (MalformedEmailRequestException | InvalidEmailRequestException | MessagingException e) {
            var result = new SendResult.Permanent("Cannot compose the mail: " + Masking.text(e.getMessage()));
            giveUp(delivery, result.error(), "permanent");
            return result;
        }
        var started = System.nanoTime();
        SendResult result;
        try {
            connection.send(message);
            result = new SendResult.Sent();
        } catch (MessagingException | RuntimeException e) {
            result = SendResult.of(e instanceof MessagingException m ? m : new MessagingException(e.toString(), e));
        }
        var smtpTime = Duration.ofNanos(System.nanoTime() - started);
        switch (result) {
            case SendResult.Sent sent -> {
                markSent(delivery);
                metrics.sent(delivery.type(), smtpTime, Duration.between(request.occurredAt(), clock.instant()));
                log.debug(
                        "Sent {} {} to {} (attempt {})",
                        delivery.type(),
                        delivery.id(),
                        Masking.email(request.to()),
                        delivery.attempts());
            }
            case SendResult.Transient failure -> retryOrGiveUp(delivery, request, failure);
            case SendResult.Permanent failure -> {
                log.warn(
                        "Delivery {} ({}) to {} refused for good: {}",
                        delivery.id(),
                        delivery.type(),
                        Masking.email(request.to()),
                        failure.error());
                giveUp(delivery, failure.error(), "permanent");
            }
        }
        return result;
    }

    private void retryOrGiveUp(ClaimedDelivery delivery, EmailRequest request, SendResult.Transient failure) {
        metrics.failed(delivery.type());
        var now = clock.instant();
        var next = retries.next(delivery.attempts(), now);
        if (next.isAfter(delivery.giveUpAt())) {
            log.warn(
                    "Delivery {} ({}) to {} failed {} times since {}; giving up: {}",
                    delivery.id(),
                    delivery.type(),
                    Masking.email(request.to()),
                    delivery.attempts(),
                    delivery.acceptedAt(),
                    failure.error());
            giveUp(
                    delivery,
                    "Gave up after %d attempts: %s".formatted(delivery.attempts(), failure.error()),
                    "retries-exhausted");
            return;
        }
        log.info(
                "Delivery {} ({}) to {} failed (attempt {}); next attempt at {}: {}",
                delivery.id(),
                delivery.type(),
                Masking.email(request.to()),
                delivery.attempts(),
                next,
                failure.error());
        deliveries.scheduleRetry(delivery.id(), next, failure.error(), now);
    }

    private void giveUp(ClaimedDelivery delivery, String error, String reason) {
        deliveries.markFailed(delivery.id(), error, clock.instant());
        metrics.deadLettered(delivery.type(), reason);
    }

    /**
     * Records the SMTP server's acceptance. A short database hiccup here would mean a second mail after the claim
     * expires, so this tries a few times before leaving it to the claim timeout.
     */
    private void markSent(ClaimedDelivery delivery) {
        for (int attempt = 1; ; attempt++) {
            try {
                deliveries.markSent(delivery.id(), clock.instant());
                return;
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    throw e;
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
