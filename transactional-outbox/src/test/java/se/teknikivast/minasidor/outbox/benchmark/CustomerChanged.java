package se.teknikivast.minasidor.outbox.benchmark;

import java.time.Instant;
import java.util.UUID;
import org.springframework.modulith.events.Externalized;

/**
 * The benchmark's message: a customer event of about 300 bytes as JSON. Contender A writes its JSON into the outbox;
 * contender B publishes the event itself, which Modulith externalizes to the topic the {@code benchmarkTopic} bean
 * names, keyed by the customer number (A's key too).
 *
 * @param n the message's index in its run, to match what is consumed with its commit
 * @param sequence the message's place among its customer's messages, to check per-key order
 */
@Externalized("#{@benchmarkTopic.name()}::#{#this.customerNumber()}")
public record CustomerChanged(
        UUID id,
        String type,
        String customerNumber,
        long sequence,
        int n,
        String email,
        String previousEmail,
        String channel,
        Instant occurredAt) {

    static final String TYPE = "EmailChanged";

    static CustomerChanged of(String customerNumber, long sequence, int n) {
        return new CustomerChanged(
                UUID.randomUUID(),
                TYPE,
                customerNumber,
                sequence,
                n,
                "kund." + customerNumber + "." + sequence + "@exempel.teknikivast.se",
                "kund." + customerNumber + "." + (sequence - 1) + "@exempel.teknikivast.se",
                "mina-sidor/installningar/e-post",
                Instant.now());
    }
}
