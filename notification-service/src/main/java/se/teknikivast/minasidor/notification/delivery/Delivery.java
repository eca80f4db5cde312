package se.teknikivast.minasidor.notification.delivery;

import java.time.Instant;
import java.util.UUID;

/** The delivery log entry of one e-mail request, as operations see it: no full address, no link. */
public record Delivery(
        UUID id,
        String type,
        String locale,
        String customerNumber,
        String maskedRecipient,
        DeliveryStatus status,
        int attempts,
        String lastError,
        Instant requestedAt,
        Instant acceptedAt,
        Instant nextAttemptAt,
        Instant sentAt,
        Instant failedAt,
        Instant deadLetteredAt,
        Instant updatedAt) {}
