package org.fraudstream.scoring.internals;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.model.EnsembleScorer;
import org.fraudstream.model.ModelUpdate;
import org.fraudstream.model.OnnxScorer;
import org.fraudstream.model.SgdMember;
import org.fraudstream.model.Scorer;
import org.fraudstream.scoring.ModelHolder;
import org.fraudstream.scoring.ScoringMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global processor of {@code model-updates}: each update replaces the SGD part of the running
 * ensemble, atomically between two records of the stream threads (they read the
 * {@link ModelHolder} once per record). Kafka Streams restores global stores through this same
 * processor, so a (re)started app comes up with the latest version on the topic. An update that is
 * unreadable or was trained on other features is logged, counted and skipped: the current model
 * keeps scoring.
 */
public final class ModelUpdateProcessor implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdateProcessor.class);
    private static final ScheduledExecutorService CLOSER = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "onnx-session-closer");
        t.setDaemon(true);
        return t;
    });

    private final String storeName;
    private final ModelHolder model;
    private final ScoringMetrics metrics;
    private KeyValueStore<String, byte[]> store;

    public ModelUpdateProcessor(String storeName, ModelHolder model, ScoringMetrics metrics) {
        this.storeName = storeName;
        this.model = model;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return; // a tombstone: nothing to swap in
        }
        final ModelUpdate update;
        try {
            update = ModelUpdate.fromBytes(record.value());
        } catch (IllegalArgumentException e) {
            reject("unreadable model update: " + e.getMessage());
            return;
        }
        if (!FeaturesV1.HASH.equals(update.featuresHash()) || !FeaturesV1.NAMES.equals(update.featureNames())) {
            reject("model update " + update.version() + " was trained on features " + update.featuresHash()
                    + ", this app serves " + FeaturesV1.HASH);
            return;
        }
        final Scorer current = model.current();
        final EnsembleScorer ensemble = current instanceof EnsembleScorer e ? e
                : current instanceof OnnxScorer o ? o.ensemble() : null;
        if (ensemble == null) {
            reject("model update " + update.version() + ": the running scorer has no SGD part to replace");
            return;
        }
        store.put(record.key(), record.value());
        final EnsembleScorer next = ensemble.withSgd(new SgdMember(update.toLogisticModel(), FeaturesV1.NAMES),
                update.version());
        final Scorer replaced = model.swap(current instanceof OnnxScorer ? OnnxScorer.of(next) : next);
        if (replaced instanceof OnnxScorer old) {
            // a stream thread may be inside the old session for one more record: close it a little later
            CLOSER.schedule(old::close, 30, TimeUnit.SECONDS);
        }
        metrics.modelSwapped(model, update.version(), record.timestamp());
        LOG.info("model {} now scores (was {}; parent {}, {} labels)", update.version(), current.modelVersion(),
                update.parentVersion(), update.labelsUsed());
    }

    private void reject(String why) {
        metrics.modelUpdateRejected();
        LOG.error("{}; the current model {} keeps scoring", why, model.current().modelVersion());
    }
}
