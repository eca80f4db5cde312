package se.teknikivast.minasidor.notification.delivery;

/** Where a delivery is. */
public enum DeliveryStatus {
    /** Accepted; waiting for its first or next attempt. */
    PENDING,
    /** Claimed by a sender, which is talking to the SMTP server now. */
    SENDING,
    /** The SMTP server accepted the mail. */
    SENT,
    /** Given up: a permanent failure or transient failures for too long. Dead-lettered; can be re-driven. */
    FAILED
}
