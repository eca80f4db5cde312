package se.teknikivast.minasidor.notification.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The delivery records. A record's primary key is the request id, so a redelivered request cannot create a second
 * one; claims use {@code FOR UPDATE SKIP LOCKED}, so any number of instances can send side by side.
 */
@Repository
public class Deliveries {

    private static final String COLUMNS = """
            id, type, locale, customer_number, masked_recipient, status, attempts, last_error, requested_at,
            accepted_at, next_attempt_at, sent_at, failed_at, dead_lettered_at, updated_at""";

    private final JdbcClient jdbc;

    Deliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new record, unless one with this id exists. Returns whether it was inserted. */
    boolean insertIfAbsent(NewDelivery delivery) {
        var failed = delivery.status() == DeliveryStatus.FAILED;
        return jdbc.sql("""
                        insert into deliveries (id, type, locale, customer_number, masked_recipient, request_json,
                            status, attempts, last_error, requested_at, accepted_at, next_attempt_at, give_up_at,
                            failed_at, updated_at)
                        values (:id, :type, :locale, :customerNumber, :maskedRecipient, :requestJson,
                            :status, 0, :lastError, :requestedAt, :acceptedAt, :nextAttemptAt, :giveUpAt,
                            :failedAt, :acceptedAt)
                        on conflict (id) do nothing""")
                        .param("id", delivery.id())
                        .param("type", delivery.type())
                        .param("locale", delivery.locale())
                        .param("customerNumber", delivery.customerNumber())
                        .param("maskedRecipient", delivery.maskedRecipient())
                        .param("requestJson", delivery.requestJson())
                        .param("status", delivery.status().name())
                        .param("lastError", delivery.lastError())
                        .param("requestedAt", time(delivery.requestedAt()))
                        .param("acceptedAt", time(delivery.acceptedAt()))
                        .param("nextAttemptAt", failed ? null : time(delivery.acceptedAt()))
                        .param("giveUpAt", time(delivery.giveUpAt()))
                        .param("failedAt", failed ? time(delivery.acceptedAt()) : null)
                        .update()
                == 1;
    }

    /**
     * Claims up to {@code limit} deliveries that are due, and those whose claim expired (their sender is presumed
     * dead), counting an attempt for each.
     */
    List<ClaimedDelivery> claimDue(int limit, Instant now, Instant claimedUntil) {
        return jdbc.sql("""
                        with due as (
                            select id, status as previous_status from deliveries
                            where (status = 'PENDING' and next_attempt_at <= :now)
                               or (status = 'SENDING' and claimed_until < :now)
                            order by next_attempt_at
                            limit :limit
                            for update skip locked)
                        update deliveries d
                        set status = 'SENDING', attempts = d.attempts + 1, claimed_until = :claimedUntil,
                            updated_at = :now
                        from due
                        where d.id = due.id
                        returning d.id, d.type, d.request_json, d.attempts, d.accepted_at, d.give_up_at,
                            due.previous_status""")
                .param("now", time(now))
                .param("claimedUntil", time(claimedUntil))
                .param("limit", limit)
                .query((rs, row) -> new ClaimedDelivery(
                        rs.getObject("id", UUID.class),
                        rs.getString("type"),
                        rs.getString("request_json"),
                        rs.getInt("attempts"),
                        instant(rs, "accepted_at"),
                        instant(rs, "give_up_at"),
                        "SENDING".equals(rs.getString("previous_status"))))
                .list();
    }

    /** The SMTP server accepted the mail: the address and link are no longer needed, so they are erased. */
    void markSent(UUID id, Instant now) {
        jdbc.sql("""
                        update deliveries
                        set status = 'SENT', sent_at = :now, updated_at = :now, request_json = null,
                            claimed_until = null, next_attempt_at = null
                        where id = :id and status = 'SENDING'""").param("id", id).param("now", time(now)).update();
    }

    void scheduleRetry(UUID id, Instant nextAttemptAt, String error, Instant now) {
        jdbc.sql("""
                        update deliveries
                        set status = 'PENDING', next_attempt_at = :next, last_error = :error, claimed_until = null,
                            updated_at = :now
                        where id = :id and status = 'SENDING'""")
                .param("id", id)
                .param("next", time(nextAttemptAt))
                .param("error", truncate(error))
                .param("now", time(now))
                .update();
    }

    /** Gives a claim back without counting it as an attempt: the sender never got to try it. */
    void release(List<UUID> ids, Instant nextAttemptAt, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        update deliveries
                        set status = 'PENDING', attempts = attempts - 1, next_attempt_at = :next,
                            claimed_until = null, updated_at = :now
                        where id in (:ids) and status = 'SENDING'""")
                .param("ids", ids)
                .param("next", time(nextAttemptAt))
                .param("now", time(now))
                .update();
    }

    void markFailed(UUID id, String error, Instant now) {
        jdbc.sql("""
                        update deliveries
                        set status = 'FAILED', failed_at = :now, last_error = :error, claimed_until = null,
                            next_attempt_at = null, dead_lettered_at = null, updated_at = :now
                        where id = :id and status = 'SENDING'""")
                .param("id", id)
                .param("error", truncate(error))
                .param("now", time(now))
                .update();
    }

    /** Failed deliveries not yet on the dead-letter topic, locked for the caller's transaction. */
    public List<DeadLetter> lockUndeadLettered(int limit) {
        return jdbc.sql("""
                        select id, customer_number, type, request_json, last_error from deliveries
                        where status = 'FAILED' and dead_lettered_at is null
                        order by failed_at
                        limit :limit
                        for update skip locked""")
                .param("limit", limit)
                .query((rs, row) -> new DeadLetter(
                        rs.getObject("id", UUID.class),
                        rs.getString("customer_number"),
                        rs.getString("type"),
                        rs.getString("request_json"),
                        rs.getString("last_error")))
                .list();
    }

    public void markDeadLettered(UUID id, Instant now) {
        jdbc.sql("update deliveries set dead_lettered_at = :now where id = :id")
                .param("id", id)
                .param("now", time(now))
                .update();
    }

    /** Puts a failed delivery back in the queue with a fresh retry window. */
    boolean redrive(UUID id, Instant now, Instant giveUpAt) {
        return jdbc.sql("""
                        update deliveries
                        set status = 'PENDING', next_attempt_at = :now, give_up_at = :giveUpAt, failed_at = null,
                            updated_at = :now
                        where id = :id and status = 'FAILED' and request_json is not null""")
                        .param("id", id)
                        .param("now", time(now))
                        .param("giveUpAt", time(giveUpAt))
                        .update()
                == 1;
    }

    Optional<String> requestJson(UUID id) {
        return jdbc.sql("select request_json from deliveries where id = :id")
                .param("id", id)
                .query(String.class)
                .optional();
    }

    public Optional<Delivery> findById(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from deliveries where id = :id")
                .param("id", id)
                .query(Deliveries::delivery)
                .optional();
    }

    public List<Delivery> findByStatus(DeliveryStatus status, int limit) {
        return jdbc.sql("select " + COLUMNS
                        + " from deliveries where status = :status order by updated_at desc limit :limit")
                .param("status", status.name())
                .param("limit", limit)
                .query(Deliveries::delivery)
                .list();
    }

    /** Deliveries still to be sent, for the backlog gauge. */
    long countUnsent() {
        return jdbc.sql("select count(*) from deliveries where status in ('PENDING', 'SENDING')")
                .query(Long.class)
                .single();
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        return new Delivery(
                rs.getObject("id", UUID.class),
                rs.getString("type"),
                rs.getString("locale"),
                rs.getString("customer_number"),
                rs.getString("masked_recipient"),
                DeliveryStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                rs.getString("last_error"),
                instant(rs, "requested_at"),
                instant(rs, "accepted_at"),
                instant(rs, "next_attempt_at"),
                instant(rs, "sent_at"),
                instant(rs, "failed_at"),
                instant(rs, "dead_lettered_at"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 500 ? error : error.substring(0, 497) + "...";
    }

    /** A failed delivery to put on the dead-letter topic. */
    public record DeadLetter(UUID id, String customerNumber, String type, String requestJson, String lastError) {}

    record NewDelivery(
            UUID id,
            String type,
            String locale,
            String customerNumber,
            String maskedRecipient,
            String requestJson,
            DeliveryStatus status,
            String lastError,
            Instant requestedAt,
            Instant acceptedAt,
            Instant giveUpAt) {}
}
