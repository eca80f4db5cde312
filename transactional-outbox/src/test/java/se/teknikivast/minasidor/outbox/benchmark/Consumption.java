package se.teknikivast.minasidor.outbox.benchmark;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import se.teknikivast.minasidor.infrastructure.embedded.KafkaAccess;
import se.teknikivast.minasidor.infrastructure.testing.TestInfrastructure;

/**
 * A run's consumer: reads the run's topic from the beginning (as the administrator, all partitions assigned, no group)
 * and notes, per message, when it first arrived and how many times, and whether it came after a later message of the
 * same customer.
 */
final class Consumption implements AutoCloseable {

    private final String topic;
    private final long[] arrivedAt;
    private final int[] times;
    private final Map<String, Long> lastSequence = new HashMap<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int distinct;
    private volatile long lastArrival;
    private int duplicates;
    private int outOfOrder;
    private int foreign;

    Consumption(String topic, int messages) {
        this.topic = topic;
        this.arrivedAt = new long[messages];
        this.times = new int[messages];
        this.thread = Thread.ofPlatform().name("benchmark-consumer").start(this::consume);
        try {
            if (!ready.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The consumer did not get its partitions of " + topic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void consume() {
        var config = new HashMap<>(TestInfrastructure.kafka().clientProperties(KafkaAccess.ADMIN));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<String, String>(config)) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(20)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(consumer::position);
            ready.countDown();
            while (running) {
                var records = consumer.poll(Duration.ofMillis(50));
                long now = System.nanoTime();
                for (var record : records) {
                    arrived(record, now);
                }
            }
        }
    }

    private void arrived(ConsumerRecord<String, String> record, long now) {
        var json = record.value();
        long n = number(json, "\"n\":");
        long sequence = number(json, "\"sequence\":");
        if (n < 0 || n >= arrivedAt.length || sequence < 0) {
            foreign++;
            return;
        }
        int index = (int) n;
        if (times[index]++ > 0) {
            duplicates++;
            return;
        }
        arrivedAt[index] = now;
        var previous = lastSequence.get(record.key());
        if (previous != null && previous > sequence) {
            outOfOrder++;
        } else {
            lastSequence.put(record.key(), sequence);
        }
        lastArrival = now;
        distinct = distinct + 1;
    }

    /** The non-negative integer after {@code field} in {@code json}, or -1. */
    private static long number(String json, String field) {
        int at = json == null ? -1 : json.indexOf(field);
        if (at < 0) {
            return -1;
        }
        long value = -1;
        for (int i = at + field.length(); i < json.length() && Character.isDigit(json.charAt(i)); i++) {
            value = (value < 0 ? 0 : value * 10) + (json.charAt(i) - '0');
        }
        return value;
    }

    /** Waits until every message arrived, or none arrived for {@code quiet}; true when all did. */
    boolean awaitAll(Duration quiet) throws InterruptedException {
        long lastProgress = System.nanoTime();
        int seen = distinct;
        while (distinct < arrivedAt.length) {
            Thread.sleep(5);
            if (distinct != seen) {
                seen = distinct;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > quiet.toNanos()) {
                return false;
            }
        }
        return true;
    }

    /** When the last new message arrived (System.nanoTime()). */
    long lastArrival() {
        return lastArrival;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }

    // Read after close(), which joins the consumer thread.

    long arrivedAt(int n) {
        return arrivedAt[n];
    }

    int distinct() {
        return distinct;
    }

    int duplicates() {
        return duplicates;
    }

    int outOfOrder() {
        return outOfOrder;
    }

    int foreign() {
        return foreign;
    }
}
