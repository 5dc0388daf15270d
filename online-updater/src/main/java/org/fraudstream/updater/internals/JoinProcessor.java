package org.fraudstream.updater.internals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.updater.LabeledExample;
import org.fraudstream.updater.UpdaterMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code feedback ⋈ scored} by transaction id. In: scored events and parsed feedback, both keyed by
 * transaction id (co-partitioned). Out: a {@link JoinOutput.Matched} example per label, carrying the
 * vector that was served; a {@link JoinOutput.Unmatched} for feedback that no scored event met.
 *
 * <ul>
 *   <li>Scored vectors live in a window store, {@code scoredStore}, for the scored retention (event time
 *       of the scored records); expiry drops whole segments, so the store is bounded by the retention
 *       without a per-key delete.</li>
 *   <li>Feedback that finds no vector waits in {@code pendingStore} for up to the feedback wait (stream
 *       time): it may simply have overtaken its scored event (another partition, a lagging fetch).
 *       A stream-time punctuator then hands what still waits to {@code feedback-unmatched}.</li>
 * </ul>
 */
public final class JoinProcessor implements Processor<String, JoinInput, String, JoinOutput> {

    /** Header of an unmatched record: why it did not match. */
    public static final String UNMATCHED_REASON_HEADER = "fraud.unmatched.reason";

    private static final Logger LOG = LoggerFactory.getLogger(JoinProcessor.class);

    private final String scoredStoreName;
    private final String pendingStoreName;
    private final int dimension;
    private final String featuresVersion;
    private final Duration feedbackWait;
    private final Duration scoredRetention;
    private final UpdaterMetrics metrics;
    private ProcessorContext<String, JoinOutput> context;
    private WindowStore<String, ServedVector> scored;
    private KeyValueStore<String, PendingFeedback> pending;

    public JoinProcessor(String scoredStoreName, String pendingStoreName, int dimension, String featuresVersion,
                         Duration scoredRetention, Duration feedbackWait, UpdaterMetrics metrics) {
        this.scoredStoreName = scoredStoreName;
        this.pendingStoreName = pendingStoreName;
        this.dimension = dimension;
        this.featuresVersion = featuresVersion;
        this.scoredRetention = scoredRetention;
        this.feedbackWait = feedbackWait;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, JoinOutput> context) {
        this.context = context;
        this.scored = context.getStateStore(scoredStoreName);
        this.pending = context.getStateStore(pendingStoreName);
        final long every = Math.max(1_000L, Math.min(feedbackWait.toMillis() / 2, 60_000L));
        context.schedule(Duration.ofMillis(every), PunctuationType.STREAM_TIME, this::expirePending);
    }

    @Override
    public void process(Record<String, JoinInput> record) {
        if (record.value() instanceof JoinInput.Served s) {
            served(record, s.event());
        } else if (record.value() instanceof JoinInput.Labeled l) {
            labeled(record, l);
        }
    }

    private void served(Record<String, JoinInput> record, ScoredEvent e) {
        final String txn = e.transactionId() != null ? e.transactionId() : record.key();
        if (txn == null || !usable(e)) {
            metrics.scoredUnusable();
            LOG.debug("scored event {} has no usable {} vector; it cannot be joined", txn, featuresVersion);
            return;
        }
        final ServedVector v = new ServedVector(e.features(), e.modelVersion());
        scored.put(txn, v, record.timestamp());
        final PendingFeedback waiting = pending.get(txn);
        if (waiting != null) {
            pending.delete(txn);
            for (PendingFeedback.Entry p : waiting.entries()) {
                match(txn, v, p.feedback(), p.timestampMs());
            }
        }
    }

    private void labeled(Record<String, JoinInput> record, JoinInput.Labeled l) {
        final String txn = l.feedback().transactionId();
        final ServedVector v = latestServed(txn);
        if (v != null) {
            match(txn, v, l.feedback(), record.timestamp());
            return;
        }
        final PendingFeedback.Entry entry = new PendingFeedback.Entry(l.feedback(), l.raw(), record.timestamp());
        final PendingFeedback waiting = pending.get(txn);
        pending.put(txn, waiting == null ? new PendingFeedback(List.of(entry)) : waiting.plus(entry));
    }

    private ServedVector latestServed(String txn) {
        try (WindowStoreIterator<ServedVector> it = scored.backwardFetch(txn, 0L, Long.MAX_VALUE)) {
            return it.hasNext() ? it.next().value : null;
        }
    }

    private void match(String txn, ServedVector v, Feedback f, long timestampMs) {
        final long labeledAt = f.labeledAtMs() != null ? f.labeledAtMs() : timestampMs;
        final LabeledExample example = new LabeledExample(txn, v.features(), f.fraud(), v.modelVersion(), labeledAt);
        metrics.labelJoined();
        context.forward(new Record<>(txn, new JoinOutput.Matched(example), timestampMs));
    }

    /** Feedback that has waited the full feedback wait (stream time) goes to feedback-unmatched. */
    private void expirePending(long streamTimeMs) {
        final long cutoff = streamTimeMs - feedbackWait.toMillis();
        final List<KeyValue<String, PendingFeedback>> expired = new ArrayList<>();
        try (KeyValueIterator<String, PendingFeedback> it = pending.all()) {
            it.forEachRemaining(kv -> expired.add(kv));
        }
        for (KeyValue<String, PendingFeedback> kv : expired) {
            final List<PendingFeedback.Entry> keep = new ArrayList<>();
            for (PendingFeedback.Entry p : kv.value.entries()) {
                if (p.timestampMs() <= cutoff) {
                    unmatched(kv.key, p);
                } else {
                    keep.add(p);
                }
            }
            if (keep.isEmpty()) {
                pending.delete(kv.key);
            } else if (keep.size() < kv.value.entries().size()) {
                pending.put(kv.key, new PendingFeedback(keep));
            }
        }
    }

    private void unmatched(String txn, PendingFeedback.Entry p) {
        final String reason = "no scored event with transaction id " + txn + " within the scored retention ("
                + scoredRetention + ") nor within " + feedbackWait + " after the feedback";
        metrics.unmatched();
        LOG.warn("feedback {} for transaction {} (analyst {}) matched no scored event: {}; written to the unmatched"
                + " topic", p.feedback().label(), txn, p.feedback().analystId(), reason);
        final RecordHeaders headers = new RecordHeaders();
        headers.add(UNMATCHED_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<>(txn, new JoinOutput.Unmatched(p.raw(), reason), p.timestampMs(), headers));
    }

    private boolean usable(ScoredEvent e) {
        final double[] f = e.features();
        if (f == null || f.length != dimension) {
            return false;
        }
        if (e.featuresVersion() != null && !featuresVersion.equals(e.featuresVersion())) {
            return false;
        }
        for (double x : f) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
