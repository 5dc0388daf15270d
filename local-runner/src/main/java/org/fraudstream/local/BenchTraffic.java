package org.fraudstream.local;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.fraudstream.ingest.GeneratorConfig;
import org.fraudstream.ingest.ReplayConfig;
import org.fraudstream.ingest.ReplayStats;
import org.fraudstream.ingest.Replayer;
import org.fraudstream.ingest.TrafficGenerator;
import org.fraudstream.kafka.EmbeddedKafka;

/** The benchmark's events: generated traffic (fixed seed, no malformed records) sent by the replay tool. */
final class BenchTraffic {

    private static final long SEED = 11;

    private BenchTraffic() {
    }

    /**
     * Sends {@code n} events to {@code topic} at {@code rate} events/s (0: as fast as possible).
     *
     * @param lingerMs the producer's linger.ms, or {@code null} for the replay tool's default
     */
    static ReplayStats send(EmbeddedKafka kafka, String topic, long n, double rate, Map<String, String> producerProperties,
                            Integer lingerMs) {
        final Map<String, Object> props = new LinkedHashMap<>(producerProperties);
        if (lingerMs != null) {
            props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        }
        final ReplayConfig rc = new ReplayConfig(kafka.bootstrapServers(), topic, rate, 0.0, SEED,
                "b" + System.nanoTime(), null, null, props);
        try {
            return new Replayer(rc).run(new TrafficGenerator(GeneratorConfig.defaults(SEED)), n, s -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        }
    }
}
