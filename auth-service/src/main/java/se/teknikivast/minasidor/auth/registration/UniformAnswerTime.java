package se.teknikivast.minasidor.auth.registration;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.springframework.stereotype.Component;

/**
 * Holds back the answer to a registration submit until {@code minasidor.registration.answer-time} after it arrived:
 * a mismatch does less work than a mailed link (no token, no outbox row, no update in customer-service), and the time
 * must not tell them apart. The request threads are virtual, so a waiting answer holds no platform thread. Measured
 * with the monotonic clock, not the injected business {@code Clock}: this is elapsed time, not a date.
 */
@Component
class UniformAnswerTime {

    private final Duration answerTime;

    UniformAnswerTime(RegistrationProperties properties) {
        this.answerTime = properties.answerTime();
    }

    /** Waits until the answer time has passed since {@code startedNanos} ({@link System#nanoTime()}). */
    void awaitFrom(long startedNanos) {
        long deadline = startedNanos + answerTime.toNanos();
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }
}
