package se.teknikivast.minasidor.notification.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery a sender has claimed.
 *
 * @param reclaimed true when an earlier claim expired: that sender may have had the mail accepted before it died
 */
record ClaimedDelivery(
        UUID id,
        String type,
        String requestJson,
        int attempts,
        Instant acceptedAt,
        Instant giveUpAt,
        boolean reclaimed) {}
