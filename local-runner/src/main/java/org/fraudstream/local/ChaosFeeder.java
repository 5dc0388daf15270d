package org.fraudstream.local;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fraudstream.contract.TransactionEvent;
import org.fraudstream.ingest.EventJson;
import org.fraudstream.ingest.GeneratorConfig;
import org.fraudstream.ingest.MalformedPayloads;
import org.fraudstream.ingest.PaySimRow;
import org.fraudstream.ingest.Replayer;
import org.fraudstream.ingest.TrafficGenerator;

/**
 * The chaos run's input, on a thread of its own: {@code total} records to the input topic, generated
 * events (transaction ids from {@link DeliveryLedger#eventId}) with a malformed record before an event
 * at probability {@code invalidRate}, each one noted in the ledger (malformed ones by the partition and
 * offset the broker gave them). The producer is idempotent with {@code acks=all} and waits minutes
 * for a broker that is restarting, so no record is lost or doubled on the way in; a send that fails
 * all the same fails the run.
 */
final class ChaosFeeder implements Runnable {

    private static final Duration PATIENCE = Duration.ofMinutes(10);

    private final String bootstrapServers;
    private final String topic;
    private final long total;
    private final double invalidRate;
    private final long seed;
    private final DeliveryLedger ledger;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean done;

    ChaosFeeder(String bootstrapServers, String topic, long total, double invalidRate, long seed, DeliveryLedger ledger) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.total = total;
        this.invalidRate = invalidRate;
        this.seed = seed;
        this.ledger = ledger;
    }

    @Override
    public void run() {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            send(producer);
            producer.flush();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        } finally {
            done = true;
        }
    }

    private void send(KafkaProducer<String, byte[]> producer) {
        final TrafficGenerator rows = new TrafficGenerator(GeneratorConfig.defaults(seed));
        final MalformedPayloads malformed = new MalformedPayloads(seed ^ 0x5DEECE66DL);
        final SplittableRandom rng = new SplittableRandom(seed);
        long sent = 0;
        long valid = 0;
        long invalid = 0;
        while (sent < total && failure.get() == null) {
            final PaySimRow row = rows.next();
            if (sent + 1 < total && rng.nextDouble() < invalidRate) {
                // The basis id is not of the ledger's form: a payload that keeps it cannot pass for an event.
                final TransactionEvent basis = row.toEvent("bad-" + invalid++, Replayer.eventTimeMs(row.step()));
                producer.send(new ProducerRecord<>(topic, row.nameOrig(), malformed.next(basis)), (meta, e) -> {
                    if (e == null) {
                        ledger.sentMalformed(meta.partition(), meta.offset());
                    }
                    acked(e);
                });
                sent++;
            }
            final TransactionEvent event = row.toEvent(ledger.eventId(valid), Replayer.eventTimeMs(row.step()));
            ledger.sentEvent(valid++);
            producer.send(new ProducerRecord<>(topic, event.nameOrig(), EventJson.write(event)), (meta, e) -> acked(e));
            sent++;
        }
    }

    private void acked(Exception e) {
        if (e != null) {
            failure.compareAndSet(null, e);
        } else {
            acked.incrementAndGet();
        }
    }

    private Map<String, Object> producerConfig() {
        final Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "chaos-feeder");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 65_536);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) PATIENCE.toMillis());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, PATIENCE.toMillis());
        return p;
    }

    /** Records the broker has acknowledged. */
    long acked() {
        return acked.get();
    }

    /** True once every record is acknowledged or the feed failed. */
    boolean done() {
        return done;
    }

    /** The first failure, or {@code null}. */
    Exception failure() {
        return failure.get();
    }
}
