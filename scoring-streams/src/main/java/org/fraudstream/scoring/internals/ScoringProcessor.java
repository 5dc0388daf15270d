package org.fraudstream.scoring.internals;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fraudstream.contract.AccountState;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.contract.TransactionEvent;
import org.fraudstream.model.Score;
import org.fraudstream.model.Scorer;
import org.fraudstream.scoring.DriftWindow;
import org.fraudstream.scoring.ModelHolder;
import org.fraudstream.scoring.ScoringMetrics;

/**
 * The origin's step: scoring. In: events keyed by origin account, each with its destination's state
 * from {@link ReceiveProcessor}. Reads the origin's state, computes the FEATURES_V1 vector with the
 * same function training uses, records what the origin sent, scores the vector with the current
 * model. Out: a {@link ScoredEvent} keyed by transaction id. Measures the time in the model, the
 * score, the latency from the input record's timestamp to the forward, and counts the served
 * vector and score into the drift window (when the bundle has a reference).
 */
public final class ScoringProcessor implements Processor<String, RoutedEvent, String, ScoredEvent> {

    private final String storeName;
    private final ModelHolder model;
    private final ScoringMetrics metrics;
    private final DriftWindow driftWindow;
    private ProcessorContext<String, ScoredEvent> context;
    private KeyValueStore<String, AccountState> store;
    private DriftWindow.Recorder drift;

    /** @param driftWindow where served vectors are counted for drift, or {@code null} for nowhere */
    public ScoringProcessor(String storeName, ModelHolder model, ScoringMetrics metrics, DriftWindow driftWindow) {
        this.storeName = storeName;
        this.model = model;
        this.metrics = metrics;
        this.driftWindow = driftWindow;
    }

    @Override
    public void init(ProcessorContext<String, ScoredEvent> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.drift = driftWindow == null ? null : driftWindow.recorder();
    }

    @Override
    public void close() {
        if (drift != null) {
            drift.release();
        }
    }

    @Override
    public void process(Record<String, RoutedEvent> record) {
        final TransactionEvent e = record.value().event();
        final AccountState stored = store.get(e.nameOrig());
        final AccountState orig = stored == null ? AccountState.EMPTY : stored;
        final double[] features = FeaturesV1.compute(e, orig, record.value().dest());
        store.put(e.nameOrig(), FeaturesV1.send(orig, e));

        final Scorer scorer = model.current(); // read once: a swap lands between records, never inside one
        final long t0 = System.nanoTime();
        final Score score = scorer.score(features);
        final long scoringNanos = System.nanoTime() - t0;
        final ScoredEvent scored = new ScoredEvent(e.transactionId(), e.nameOrig(), e.eventTimeMs(), e.step(),
                e.type(), e.amount(), score.value(), scorer.threshold(), score.value() >= scorer.threshold(),
                scorer.modelVersion(), FeaturesV1.VERSION, score.reasons(), features);
        metrics.scored(scored.anomaly(), score.value(), scoringNanos);
        context.forward(record.withKey(e.transactionId()).withValue(scored));
        final long now = System.currentTimeMillis();
        metrics.forwarded(now - record.timestamp());
        if (drift != null) {
            drift.record(features, score.value(), now);
        }
    }
}
