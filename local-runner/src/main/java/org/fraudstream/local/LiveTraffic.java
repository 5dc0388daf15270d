package org.fraudstream.local;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.fraudstream.contract.Topics;
import org.fraudstream.ingest.GeneratorConfig;
import org.fraudstream.ingest.ReplayConfig;
import org.fraudstream.ingest.ReplayException;
import org.fraudstream.ingest.Replayer;
import org.fraudstream.ingest.TrafficGenerator;
import org.fraudstream.kafka.EmbeddedKafka;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generated traffic until closed, for {@code ./fraud up}: the replay tool's {@link Replayer} over the
 * {@link TrafficGenerator} at a fixed rate, on a background thread. Events go to the transactions
 * topic, their ground truth to {@code labels} (as {@code ./fraud replay --labels-topic labels} does).
 * Transaction ids are {@code runId-n}, the run id new for each run so that ids never repeat on a
 * broker that is kept between runs.
 */
final class LiveTraffic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveTraffic.class);

    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final String runId;
    private volatile Exception failure;
    private volatile boolean closing;

    private LiveTraffic(ReplayConfig rc, long seed) {
        this.runId = rc.runId();
        this.thread = new Thread(() -> run(rc, seed), "live-traffic");
        thread.setDaemon(true);
    }

    /**
     * Starts sending {@code rate} events/s to {@code transactionsTopic}.
     *
     * @param rate events per second, > 0
     */
    static LiveTraffic start(EmbeddedKafka kafka, String transactionsTopic, double rate, long seed) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be > 0, was " + rate);
        }
        final String runId = "live" + Long.toString(System.currentTimeMillis(), 36);
        final LiveTraffic traffic = new LiveTraffic(new ReplayConfig(kafka.bootstrapServers(), transactionsTopic, rate,
                0.0, seed, runId, null, Topics.LABELS.name(), Map.of()), seed);
        traffic.thread.start();
        return traffic;
    }

    private void run(ReplayConfig rc, long seed) {
        try {
            new Replayer(rc).run(new TrafficGenerator(GeneratorConfig.defaults(seed)), Long.MAX_VALUE,
                    s -> sent.set(s.sent()));
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException e) {
            if (!closing) { // a send interrupted by close() fails too: that one is no failure
                failure = e;
                LOG.error("generated traffic stopped after {} events", e instanceof ReplayException r
                        ? r.stats().sent() : sent.get(), e);
            }
        }
    }

    /** Events sent so far (updated about once a second). */
    long sent() {
        return sent.get();
    }

    /** The prefix of the transaction ids of this run. */
    String runId() {
        return runId;
    }

    /** Why the traffic stopped before it was closed, or null. */
    Exception failure() {
        return failure;
    }

    /** Stops sending; what was sent is flushed by the replay tool's producer as it closes. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        thread.interrupt();
        thread.join(Duration.ofSeconds(40).toMillis());
    }
}
