package org.fraudstream.updater.internals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.model.LogisticModel;
import org.fraudstream.model.ModelUpdate;
import org.fraudstream.updater.BaseModel;
import org.fraudstream.updater.HoldoutBuffer;
import org.fraudstream.updater.LabeledExample;
import org.fraudstream.updater.ModelArchive;
import org.fraudstream.updater.OnlineSgd;
import org.fraudstream.updater.PromotionGate;
import org.fraudstream.updater.UpdaterConfig;
import org.fraudstream.updater.UpdaterMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner: one task (its input is a one-partition topic), so there is one lineage of versions.
 * In: labeled examples. Out: model_update_v1 bytes under key {@value ModelUpdate#KEY}, for
 * {@code model-updates}; each version also goes to the {@link ModelArchive}.
 *
 * <ul>
 *   <li>Every {@code holdout.every}-th label goes to the rolling holdout, the others to the batch.</li>
 *   <li>A batch is fitted when it reaches the batch size, or when its oldest label has waited the max
 *       wait (wall-clock punctuation). {@link OnlineSgd} fits it from the current model; the
 *       {@link PromotionGate} compares candidate and current on the holdout; an accepted candidate
 *       becomes {@code sgd-online-<n>-<hash>} with the current version as its parent.</li>
 *   <li>A batch that cannot be fitted yet (one class only, holdout below its minimum) is held: its labels
 *       stay and the next attempt comes after another batch size of labels or max wait. Held labels
 *       beyond {@code batching.maxHeld} are dropped oldest first, counted and logged.</li>
 *   <li>State (current version, counters, batch, holdout) lives in the changelogged store
 *       {@code stateStore}, so a restart, or exactly-once recovery, resumes where the last commit was.
 *       The fit is deterministic, so a retried transaction writes the same version to the archive.</li>
 *   <li>{@link ModelFeed} tells what {@code model-updates} holds: a fresh instance starts from its latest
 *       version, and a foreign version (a rollback) is adopted as the current one. If an update of ours
 *       was written after the rollback, the rollback is published again, so that it is the latest.</li>
 * </ul>
 */
public final class TrainerProcessor implements Processor<String, LabeledExample, String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerProcessor.class);
    private static final String HEAD = "head";
    private static final String COUNTERS = "counters";
    private static final String BATCH = "b/";
    private static final String HOLDOUT = "h/";
    private static final JsonSerde<LabeledExample> EXAMPLE = JsonSerde.of(LabeledExample.class);
    private static final JsonSerde<Counters> COUNTER_SERDE = JsonSerde.of(Counters.class);

    /**
     * The small mutable state, persisted on every change.
     *
     * @param published      online versions published in this lineage (the last {@code n})
     * @param adoptedForeign the last foreign version adopted from model-updates
     * @param labelsSeen     labels received (the holdout takes every k-th)
     * @param nextBatchSeq   store sequence of the next batch label; the batch is the last {@code batch.size()}
     * @param holdoutAdded   labels ever added to the holdout
     */
    record Counters(long published, String adoptedForeign, long labelsSeen, long nextBatchSeq, long holdoutAdded,
                    int holdoutCapacity) { }

    private final UpdaterConfig.Batching batching;
    private final UpdaterConfig.Holdout holdoutConfig;
    private final OnlineSgd sgd;
    private final PromotionGate gate;
    private final BaseModel base;
    private final ModelArchive archive;
    private final UpdaterMetrics metrics;
    private final String stateStoreName;
    private final String feedStoreName;

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;
    private ModelFeed feed;
    private ModelUpdate head;
    private LogisticModel headModel;
    private long published;
    private String adoptedForeign;
    private long labelsSeen;
    private long nextBatchSeq;
    private HoldoutBuffer holdout;
    private final List<LabeledExample> batch = new ArrayList<>();
    private int batchTarget;
    private int lastAttemptSize;
    private long windowStartMs;

    public TrainerProcessor(UpdaterConfig.Batching batching, UpdaterConfig.Holdout holdout, OnlineSgd sgd,
                            PromotionGate gate, BaseModel base, ModelArchive archive, UpdaterMetrics metrics,
                            String stateStoreName, String feedStoreName) {
        this.batching = batching;
        this.holdoutConfig = holdout;
        this.sgd = sgd;
        this.gate = gate;
        this.base = base;
        this.archive = archive;
        this.metrics = metrics;
        this.stateStoreName = stateStoreName;
        this.feedStoreName = feedStoreName;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(stateStoreName);
        this.feed = new ModelFeed(context.getStateStore(feedStoreName));
        final byte[] counters = store.get(COUNTERS);
        final Counters c = counters == null ? null : COUNTER_SERDE.fromBytes(counters);
        final byte[] storedHead = store.get(HEAD);
        setHead(storedHead != null ? ModelUpdate.fromBytes(storedHead) : startingHead());
        published = c != null ? c.published() : highestKnownNumber();
        adoptedForeign = c == null ? null : c.adoptedForeign();
        labelsSeen = c == null ? 0 : c.labelsSeen();
        nextBatchSeq = c == null ? 0 : c.nextBatchSeq();
        restoreBatch();
        restoreHoldout(c);
        batchTarget = batching.batchSize();
        lastAttemptSize = 0;
        windowStartMs = context.currentSystemTimeMs();
        saveCounters();
        metrics.modelInUse(head.version(), published);
        LOG.info("trainer starts from {} ({} labels held, holdout {} of {})", head.version(), batch.size(),
                holdout.size(), holdout.capacity());
        final long tick = Math.max(100L, Math.min(batching.maxWait().toMillis(), 1_000L));
        context.schedule(Duration.ofMillis(tick), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    /** No local state: what model-updates says last, or else the base bundle. */
    private ModelUpdate startingHead() {
        final ModelUpdate latest = feed.latest();
        if (latest != null && compatible(latest)) {
            LOG.info("no local state: continuing from {}, the latest version on model-updates", latest.version());
            archive.saveIfAbsent(latest);
            return latest;
        }
        archive.saveIfAbsent(base.root());
        return base.root();
    }

    private long highestKnownNumber() {
        long n = archive.highestOnlineNumber().orElse(0);
        n = Math.max(n, ModelArchive.onlineNumber(head.version()).orElse(0));
        return Math.max(n, ModelArchive.onlineNumber(head.parentVersion()).orElse(0));
    }

    @Override
    public void process(Record<String, LabeledExample> record) {
        final LabeledExample e = record.value();
        if (e.features().length != headModel.size()) {
            LOG.error("label for {} has {} features, the model {}: skipped", e.transactionId(), e.features().length,
                    headModel.size());
            return;
        }
        labelsSeen++;
        if (labelsSeen % holdoutConfig.every() == 0) {
            final int slot = holdout.add(e);
            store.put(holdoutKey(slot), EXAMPLE.toBytes(e));
        } else {
            if (batch.isEmpty()) {
                windowStartMs = context.currentSystemTimeMs();
            }
            store.put(batchKey(nextBatchSeq++), EXAMPLE.toBytes(e));
            batch.add(e);
        }
        saveCounters();
        if (batch.size() >= batchTarget) {
            attempt("batch size");
        }
    }

    private void tick(long nowMs) {
        syncWithFeed(nowMs);
        if (batch.size() > lastAttemptSize && nowMs - windowStartMs >= batching.maxWait().toMillis()) {
            attempt("max wait");
        }
    }

    private void attempt(String trigger) {
        final long now = context.currentSystemTimeMs();
        syncWithFeed(now);
        lastAttemptSize = batch.size();
        if (!gate.ready(holdout)) {
            hold(UpdaterMetrics.HeldCause.HOLDOUT_TOO_SMALL, "the holdout has " + holdout.size() + " of the "
                    + gate.config().minHoldout() + " labels the gate needs", now);
            return;
        }
        final double[][] x = new double[batch.size()][];
        final boolean[] y = new boolean[batch.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = batch.get(i).features();
            y[i] = batch.get(i).fraud();
        }
        final OnlineSgd.FitResult result = sgd.partialFit(headModel, x, y);
        if (result instanceof OnlineSgd.Skipped s) {
            hold(s.cause() == OnlineSgd.Cause.SINGLE_CLASS ? UpdaterMetrics.HeldCause.SINGLE_CLASS
                    : UpdaterMetrics.HeldCause.DIVERGED, "skipped: " + s.reason(), now);
            return;
        }
        final OnlineSgd.Fitted fit = (OnlineSgd.Fitted) result;
        final PromotionGate.Verdict verdict = gate.evaluate(fit.model(), headModel, holdout);
        clearBatch();
        if (!verdict.accepted()) {
            metrics.rejected();
            LOG.warn("gate rejected the candidate from {} labels ({} fraud, {}) on top of {}: {}", fit.labels(),
                    fit.frauds(), trigger, head.version(), verdict);
            return;
        }
        publish(fit, verdict, now);
    }

    private void publish(OnlineSgd.Fitted fit, PromotionGate.Verdict verdict, long now) {
        final long n = published + 1;
        final String version = ModelFeed.ONLINE_PREFIX + n + "-" + ModelUpdate.shortHash(fit.model());
        final ModelUpdate update = new ModelUpdate(version, head.version(), Instant.ofEpochMilli(now).toString(),
                head.featuresVersion(), head.featuresHash(), head.featureNames(), ModelUpdate.Sgd.of(fit.model()),
                fit.labels(), verdict.toGate());
        archive.save(update); // before the record: whatever model-updates says can be rolled back to
        published = n;
        setHead(update);
        saveCounters();
        context.forward(new Record<>(ModelUpdate.KEY, update.toBytes(), now));
        metrics.published();
        metrics.modelInUse(update.version(), n);
        LOG.info("published {} (parent {}) from {} labels ({} fraud): {}", update.version(), update.parentVersion(),
                fit.labels(), fit.frauds(), verdict);
    }

    private void hold(UpdaterMetrics.HeldCause cause, String why, long now) {
        metrics.held(cause);
        LOG.info("holding {} labels for the next batch: {}", batch.size(), why);
        batchTarget = batch.size() + batching.batchSize();
        windowStartMs = now;
        final int overflow = batch.size() - batching.maxHeld();
        if (overflow > 0) {
            final long first = nextBatchSeq - batch.size();
            for (int i = 0; i < overflow; i++) {
                store.delete(batchKey(first + i));
            }
            batch.subList(0, overflow).clear();
            lastAttemptSize = batch.size();
            metrics.dropped(overflow);
            LOG.warn("dropped the {} oldest held labels: more than {} held", overflow, batching.maxHeld());
        }
    }

    /**
     * Adopts a foreign version (a rollback) that model-updates holds and no update follows yet; if a
     * version of ours was written after it, publishes its weights again, as a new rollback version of
     * it, so that they are the latest on the topic.
     */
    private void syncWithFeed(long now) {
        final ModelUpdate foreign = feed.pendingForeign();
        if (foreign == null || foreign.version().equals(adoptedForeign)) {
            return;
        }
        adoptedForeign = foreign.version();
        if (!compatible(foreign)) {
            LOG.error("model-updates holds {} for features {} ({}), this lineage serves {} ({}): not adopted",
                    foreign.version(), foreign.featuresVersion(), foreign.featuresHash(), head.featuresVersion(),
                    head.featuresHash());
            saveCounters();
            return;
        }
        final boolean changed = !foreign.version().equals(head.version());
        archive.saveIfAbsent(foreign);
        setHead(foreign);
        saveCounters();
        metrics.modelInUse(foreign.version(), published);
        if (changed) {
            LOG.info("adopted {} (parent {}) from model-updates: updates continue from it", foreign.version(),
                    foreign.parentVersion());
        }
        final ModelUpdate latest = feed.latest();
        if (latest != null && !latest.version().equals(foreign.version())) {
            // Not the same record again: its createdAt is older than the latest's, and the scoring app
            // refuses what is not newer than its model. The same weights as a new version, made now.
            final ModelUpdate again = ModelUpdate.rollbackOf(foreign, Instant.ofEpochMilli(now));
            LOG.warn("{} was written to model-updates after {}; publishing its weights again as {} so that they"
                    + " are the latest", latest.version(), foreign.version(), again.version());
            archive.save(again);
            adoptedForeign = again.version();
            setHead(again);
            saveCounters();
            metrics.modelInUse(again.version(), published);
            context.forward(new Record<>(ModelUpdate.KEY, again.toBytes(), now));
        }
    }

    private boolean compatible(ModelUpdate u) {
        final ModelUpdate lineage = head != null ? head : base.root();
        return u.featuresVersion().equals(lineage.featuresVersion()) && u.featuresHash().equals(lineage.featuresHash())
                && u.featureNames().equals(lineage.featureNames());
    }

    private void setHead(ModelUpdate u) {
        head = u;
        headModel = u.toLogisticModel();
        store.put(HEAD, u.toBytes());
    }

    private void clearBatch() {
        final long first = nextBatchSeq - batch.size();
        for (long seq = first; seq < nextBatchSeq; seq++) {
            store.delete(batchKey(seq));
        }
        batch.clear();
        batchTarget = batching.batchSize();
        lastAttemptSize = 0;
    }

    private void restoreBatch() {
        for (KeyValue<String, byte[]> kv : scan(BATCH)) {
            batch.add(EXAMPLE.fromBytes(kv.value));
        }
    }

    private void restoreHoldout(Counters c) {
        holdout = new HoldoutBuffer(holdoutConfig.size());
        final List<KeyValue<String, byte[]>> held = scan(HOLDOUT);
        if (c == null || c.holdoutCapacity() != holdoutConfig.size()) {
            held.forEach(kv -> store.delete(kv.key)); // another size: the slots do not fit; start afresh
            return;
        }
        for (KeyValue<String, byte[]> kv : held) {
            holdout.restore(Integer.parseInt(kv.key.substring(HOLDOUT.length())), EXAMPLE.fromBytes(kv.value),
                    c.holdoutAdded());
        }
    }

    private List<KeyValue<String, byte[]>> scan(String prefix) {
        final List<KeyValue<String, byte[]>> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix, Serdes.String().serializer())) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private void saveCounters() {
        store.put(COUNTERS, COUNTER_SERDE.toBytes(new Counters(published, adoptedForeign, labelsSeen, nextBatchSeq,
                holdout == null ? 0 : holdout.added(), holdoutConfig.size())));
    }

    private static String batchKey(long seq) {
        return BATCH + String.format("%019d", seq);
    }

    private static String holdoutKey(int slot) {
        return HOLDOUT + String.format("%010d", slot);
    }
}
