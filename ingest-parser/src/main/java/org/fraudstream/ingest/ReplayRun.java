package org.fraudstream.ingest;

import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.fraudstream.contract.Label;
import org.fraudstream.contract.TransactionEvent;

/** One replay: the send loop of {@link Replayer}, its pacing and its counters. Single use. */
final class ReplayRun {

    private static final long SECOND_NS = 1_000_000_000L;
    /** Pacing sleeps only when at least this far ahead, so a fast rate is sent in small bursts. */
    private static final long MIN_PARK_NS = 1_000_000L;

    private final ReplayConfig cfg;
    private final Producer<String, byte[]> producer;
    private final LabelWriter labels;
    private final SplittableRandom rng;
    private final MalformedPayloads malformed;
    private final LongSupplier nanoClock;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final Callback callback = (metadata, e) -> {
        if (e != null) {
            firstFailure.compareAndSet(null, e);
            failures.incrementAndGet();
        }
    };

    private long sent;
    private long valid;
    private long invalid;
    private long labelsWritten;
    private long startNs;

    ReplayRun(ReplayConfig cfg, Producer<String, byte[]> producer, LabelWriter labels, LongSupplier nanoClock) {
        this.cfg = cfg;
        this.nanoClock = nanoClock;
        this.producer = producer;
        this.labels = labels;
        this.rng = new SplittableRandom(cfg.seed());
        this.malformed = new MalformedPayloads(cfg.seed() ^ 0x5DEECE66DL);
    }

    ReplayStats run(Iterator<PaySimRow> rows, long maxEvents, ReplayProgress progress) throws InterruptedException {
        startNs = nanoClock.getAsLong();
        long nextProgressNs = startNs + SECOND_NS;
        while (sent < maxEvents && rows.hasNext()) {
            checkFailures();
            final PaySimRow row = rows.next();
            try {
                // Drawn for every row, so the injection pattern does not depend on maxEvents.
                final boolean inject = cfg.invalidRate() > 0 && rng.nextDouble() < cfg.invalidRate();
                if (inject && maxEvents - sent >= 2) {
                    pace();
                    sendMalformed(row);
                }
                pace();
                sendEvent(row);
            } catch (KafkaException e) {
                throw new ReplayException("send failed after " + sent + " records: " + e.getMessage(), stats(), 0, e);
            }
            final long now = nanoClock.getAsLong();
            if (now >= nextProgressNs) {
                progress.onProgress(stats());
                nextProgressNs = now + SECOND_NS;
            }
        }
        producer.flush();
        checkFailures();
        return stats();
    }

    private void sendEvent(PaySimRow row) {
        final String id = cfg.runId() + "-" + valid;
        final TransactionEvent e = row.toEvent(id, Replayer.eventTimeMs(row.step()));
        producer.send(new ProducerRecord<>(cfg.topic(), e.nameOrig(), EventJson.write(e)), callback);
        sent++;
        valid++;
        if (labels.enabled()) {
            labels.write(new Label(id, row.isFraud(), row.step()), callback);
            labelsWritten++;
        }
    }

    /** A malformed record keyed like the row it precedes; the real event is sent unchanged after it. */
    private void sendMalformed(PaySimRow row) {
        final TransactionEvent basis = row.toEvent(cfg.runId() + "-invalid-" + invalid,
                Replayer.eventTimeMs(row.step()));
        producer.send(new ProducerRecord<>(cfg.topic(), row.nameOrig(), malformed.next(basis)), callback);
        sent++;
        invalid++;
    }

    /** Token bucket: record n (malformed ones included) is due at start + n / rate; sleeps only when ahead. */
    private void pace() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("replay interrupted after " + sent + " records");
        }
        if (cfg.ratePerSecond() <= 0) {
            return;
        }
        final long dueNs = startNs + (long) (sent * (SECOND_NS / cfg.ratePerSecond()));
        long ahead;
        while ((ahead = dueNs - nanoClock.getAsLong()) >= MIN_PARK_NS) {
            LockSupport.parkNanos(ahead);
            if (Thread.interrupted()) {
                throw new InterruptedException("replay interrupted after " + sent + " records");
            }
        }
    }

    private void checkFailures() {
        final long failed = failures.get();
        if (failed > 0) {
            final Exception cause = firstFailure.get();
            throw new ReplayException(failed + " record(s) not acknowledged after " + sent + " sent; first error: "
                    + cause.getMessage(), stats(), failed, cause);
        }
    }

    private ReplayStats stats() {
        return new ReplayStats(sent, valid, invalid, labelsWritten, (nanoClock.getAsLong() - startNs) / 1e9);
    }
}
