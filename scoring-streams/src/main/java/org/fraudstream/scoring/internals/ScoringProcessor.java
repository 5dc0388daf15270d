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
import org.fraudstream.scoring.ModelHolder;
import org.fraudstream.scoring.ScoringMetrics;

/**
 * The origin's step: scoring. In: events keyed by origin account, each with its destination's state
 * from {@link ReceiveProcessor}. Reads the origin's state, computes the FEATURES_V1 vector with the
 * same function training uses, records what the origin sent, scores the vector with the current
 * model. Out: a {@link ScoredEvent} keyed by transaction id.
 */
public final class ScoringProcessor implements Processor<String, RoutedEvent, String, ScoredEvent> {

    private final String storeName;
    private final ModelHolder model;
    private final ScoringMetrics metrics;
    private ProcessorContext<String, ScoredEvent> context;
    private KeyValueStore<String, AccountState> store;

    public ScoringProcessor(String storeName, ModelHolder model, ScoringMetrics metrics) {
        this.storeName = storeName;
        this.model = model;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, ScoredEvent> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, RoutedEvent> record) {
        final TransactionEvent e = record.value().event();
        final AccountState stored = store.get(e.nameOrig());
        final AccountState orig = stored == null ? AccountState.EMPTY : stored;
        final double[] features = FeaturesV1.compute(e, orig, record.value().dest());
        store.put(e.nameOrig(), FeaturesV1.send(orig, e));

        final Scorer scorer = model.current(); // read once: a swap lands between records, never inside one
        final Score score = scorer.score(features);
        final ScoredEvent scored = new ScoredEvent(e.transactionId(), e.nameOrig(), e.eventTimeMs(), e.step(),
                e.type(), e.amount(), score.value(), scorer.threshold(), score.value() >= scorer.threshold(),
                scorer.modelVersion(), FeaturesV1.VERSION, score.reasons(), features);
        metrics.scored(scored.anomaly());
        context.forward(record.withKey(e.transactionId()).withValue(scored));
    }
}
