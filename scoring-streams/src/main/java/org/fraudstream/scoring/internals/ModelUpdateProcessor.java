package org.fraudstream.scoring.internals;

import java.time.Instant;
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
import org.fraudstream.model.NonFiniteValueException;
import org.fraudstream.model.OnnxScorer;
import org.fraudstream.model.SgdMember;
import org.fraudstream.model.Scorer;
import org.fraudstream.scoring.ModelHolder;
import org.fraudstream.scoring.ScoringMetrics;
import org.fraudstream.scoring.ScoringMetrics.UpdateRejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global processor of {@code model-updates}: each update replaces the SGD part of the running
 * ensemble, atomically between two records of the stream threads (they read the
 * {@link ModelHolder} once per record). Kafka Streams restores global stores through this same
 * processor, so a (re)started app comes up with the latest version on the topic. An update that is
 * unreadable (truncated, not model_update_v1), was trained on other features, carries a NaN or infinite
 * number, or is not newer than the version in use ({@link #staleness}) is logged once (which record,
 * why), counted in {@code model_updates_rejected_total{reason}} and skipped: the current model keeps
 * scoring.
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
    private ProcessorContext<Void, Void> context;

    public ModelUpdateProcessor(String storeName, ModelHolder model, ScoringMetrics metrics) {
        this.storeName = storeName;
        this.model = model;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
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
        } catch (NonFiniteValueException e) {
            reject(UpdateRejection.NON_FINITE, "model update " + where(record) + " has a non-finite number: "
                    + e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            reject(UpdateRejection.UNREADABLE, "model update " + where(record) + " is unreadable: " + e.getMessage());
            return;
        }
        if (!FeaturesV1.HASH.equals(update.featuresHash()) || !FeaturesV1.NAMES.equals(update.featureNames())) {
            reject(UpdateRejection.FEATURES_MISMATCH, "model update " + update.version() + " " + where(record)
                    + " was trained on features " + update.featuresHash() + ", this app serves " + FeaturesV1.HASH);
            return;
        }
        final String stale = staleness(update);
        if (stale != null) {
            reject(UpdateRejection.STALE_VERSION, "model update " + update.version() + " " + where(record) + " "
                    + stale);
            return;
        }
        final Scorer current = model.current();
        final EnsembleScorer ensemble = current instanceof EnsembleScorer e ? e
                : current instanceof OnnxScorer o ? o.ensemble() : null;
        if (ensemble == null) {
            reject(UpdateRejection.NO_SGD_PART, "model update " + update.version()
                    + ": the running scorer has no SGD part to replace");
            return;
        }
        store.put(record.key(), record.value());
        final EnsembleScorer next = ensemble.withSgd(new SgdMember(update.toLogisticModel(), FeaturesV1.NAMES),
                update.version());
        final Scorer replaced = model.swap(current instanceof OnnxScorer ? OnnxScorer.of(next) : next, update);
        if (replaced instanceof OnnxScorer old) {
            // a stream thread may be inside the old session for one more record: close it a little later
            CLOSER.schedule(old::close, 30, TimeUnit.SECONDS);
        }
        metrics.modelSwapped(model, update.version(), record.timestamp());
        LOG.info("model {} now scores (was {}; parent {}, {} labels)", update.version(), current.modelVersion(),
                update.parentVersion(), update.labelsUsed());
    }

    /**
     * Why {@code update} is not newer than the version in use, or {@code null} when it is. Stale: the
     * version in use itself (a repeated record), or a {@code createdAt} that is not after the one of the
     * update in use. {@code createdAt} is the publisher's clock at publication (the updater's for
     * {@code sgd-online-*}, the operator's for {@code sgd-rollback-*}), so it orders versions along
     * one lineage whatever their names; a rollback is a new version made now and so is newer. The
     * trained bundle the app started with has no {@code createdAt}: any valid update replaces it.
     */
    private String staleness(ModelUpdate update) {
        if (update.version().equals(model.current().modelVersion())) {
            return "is the version in use already";
        }
        final ModelUpdate inUse = model.appliedUpdate().orElse(null);
        if (inUse != null && !Instant.parse(update.createdAt()).isAfter(Instant.parse(inUse.createdAt()))) {
            return "was created at " + update.createdAt() + ", not after " + inUse.version() + " in use (created at "
                    + inUse.createdAt() + "): an older version is published again as a new one (model rollback)";
        }
        return null;
    }

    /** The record's place on its topic, to find it again: topic-partition@offset. */
    private String where(Record<String, byte[]> record) {
        return context.recordMetadata().map(m -> "(" + m.topic() + "-" + m.partition() + "@" + m.offset() + ")")
                .orElse("(timestamp " + record.timestamp() + ")");
    }

    /** One ERROR line per rejected record: which update, why, and what keeps scoring. */
    private void reject(UpdateRejection reason, String why) {
        metrics.modelUpdateRejected(reason);
        LOG.error("{} [{}]; the current model {} keeps scoring", why.replace('\n', ' '), reason.tag(),
                model.current().modelVersion());
    }
}
