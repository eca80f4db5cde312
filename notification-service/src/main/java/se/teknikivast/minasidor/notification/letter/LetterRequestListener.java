package se.teknikivast.minasidor.notification.letter;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import se.teknikivast.minasidor.events.LetterRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code notification.letter.v1}: each request becomes one PDF in the print queue, once per request id (table
 * {@code letters}, written in the transaction that puts the file; a redelivery after the file was written replaces the
 * same file). An unreadable or incomplete request is logged without its content and counted; a failing database or
 * folder is thrown, so the container retries with back-off. Codes and addresses are never logged.
 */
@Component
class LetterRequestListener {

    private static final Logger log = LoggerFactory.getLogger(LetterRequestListener.class);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final PrintQueue printQueue;
    private final LetterProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    LetterRequestListener(
            JdbcClient jdbc,
            JsonMapper json,
            PrintQueue printQueue,
            LetterProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.printQueue = printQueue;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
        for (var outcome : new String[] {"queued", "duplicate", "invalid"}) {
            meters.counter("notification.letters", "type", LetterRequest.Type.ACTIVATION_CODE, "outcome", outcome);
        }
    }

    @KafkaListener(id = "letter-requests", topics = "${minasidor.notification.letters.topic}")
    @Transactional
    void onLetterRequest(ConsumerRecord<byte[], byte[]> record) {
        LetterRequest request;
        byte[] pdf;
        try {
            request = json.readValue(record.value(), LetterRequest.class);
            if (!LetterRequest.Type.ACTIVATION_CODE.equals(request.type())) {
                throw new IllegalArgumentException("Unknown letter type");
            }
            var recipient = request.recipient();
            if (recipient.name() == null
                    || recipient.street() == null
                    || recipient.postalCode() == null
                    || recipient.city() == null) {
                throw new IllegalArgumentException("Incomplete postal address");
            }
            pdf = LetterPdf.activationCode(request, LocalDate.now(clock.withZone(properties.timeZone())));
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            count("other", "invalid");
            log.warn(
                    "Skipping an unusable letter request at partition {} offset {}: {}",
                    record.partition(),
                    record.offset(),
                    e instanceof IllegalArgumentException
                            ? e.getMessage()
                            : e.getClass().getSimpleName());
            return;
        }
        var first = jdbc.sql("""
                        insert into letters (id, type, customer_number, requested_at, queued_at)
                        values (?, ?, ?, ?, ?) on conflict (id) do nothing""")
                        .params(
                                request.id(),
                                request.type(),
                                request.customerNumber(),
                                Timestamp.from(request.occurredAt()),
                                Timestamp.from(clock.instant()))
                        .update()
                == 1;
        if (!first) {
            count(request.type(), "duplicate");
            return;
        }
        printQueue.put(request.id(), pdf);
        count(request.type(), "queued");
        log.info(
                "Letter {} ({}) for customer {} is in the print queue",
                request.id(),
                request.type(),
                request.customerNumber());
    }

    private void count(String type, String outcome) {
        meters.counter("notification.letters", "type", type, "outcome", outcome).increment();
    }
}
