package org.fraudstream.updater;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.model.ModelUpdate;
import org.fraudstream.updater.internals.FeedbackOutcome;
import org.fraudstream.updater.internals.JoinInput;
import org.fraudstream.updater.internals.JoinOutput;
import org.fraudstream.updater.internals.JoinProcessor;
import org.fraudstream.updater.internals.ModelFeed;
import org.fraudstream.updater.internals.ParseFeedbackProcessor;
import org.fraudstream.updater.internals.PendingFeedback;
import org.fraudstream.updater.internals.ServedVector;
import org.fraudstream.updater.internals.TrainerProcessor;

/**
 * The online updater. In: {@code feedback} (feedback_v1 bytes) and {@code scored} (ScoredEvent with
 * the served vector), both keyed by transaction id and co-partitioned; {@code model-updates} as a
 * global store. Out: {@code model-updates} (model_update_v1, key {@code sgd}), {@code feedback-dlq},
 * {@code feedback-unmatched}.
 *
 * <pre>
 * feedback ── parse ──┬── invalid ─────────────────────────► feedback-dlq
 *                     └── label ──┐
 * scored ─────────────────────────┴── join ──┬── unmatched ─► feedback-unmatched
 *                                            └── example ───► labeled-examples (repartition, 1 partition)
 * labeled-examples ── trainer ──► model-updates
 * model-updates ──► global store model-feed (read by the trainer)
 *
 * stores: join: scored-vectors (window), pending-feedback; trainer: updater-state
 * </pre>
 *
 * <p>Why these stores: the join keeps each scored vector in a <em>window store</em> for the scored
 * retention (default 24 h of scored event time). Labels come hours after scoring, so a stream-stream
 * join window would have to be as long anyway, and would also keep every label for its window; a
 * KTable would keep every vector forever. The window store drops whole segments as time passes
 * (bounded on disk by the retention plus one segment, and its changelog by the same retention) and
 * answers a lookup by key with one range scan per segment. Its size is what the retention makes it:
 * about 250 bytes per scored event (binary vector and model version, key, timestamp), so 24 h at
 * 1,000 events/s is about 20 GB; the retention is the knob. Feedback that overtakes its scored event
 * waits in a small key-value store for the feedback wait and then goes, unchanged, to
 * {@code feedback-unmatched}: counted, logged, replayable, never lost silently.
 *
 * <p>The examples are re-keyed to {@code sgd} through a one-partition repartition topic: however many
 * partitions the inputs have, one task learns, and there is one lineage of versions. Under
 * exactly_once_v2 the published version, the trainer's state and the consumed offsets commit together.
 */
public final class UpdaterTopology {

    public static final String SCORED_STORE = "scored-vectors";
    public static final String PENDING_STORE = "pending-feedback";
    public static final String STATE_STORE = "updater-state";
    public static final String FEED_STORE = "model-feed";
    public static final String EXAMPLES_TOPIC = "labeled-examples";

    private UpdaterTopology() {
    }

    public static Topology build(UpdaterConfig cfg, BaseModel base, ModelArchive archive, UpdaterMetrics metrics) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(metrics, "metrics");
        final UpdaterTopics topics = cfg.topics();
        final StreamsBuilder builder = new StreamsBuilder();
        addStores(builder, cfg, topics);

        final var parsed = builder
                .stream(topics.feedback().name(), Consumed.with(topics.feedback().keySerde(),
                        topics.feedback().valueSerde()).withName("feedback-source"))
                .processValues(() -> new ParseFeedbackProcessor(metrics), Named.as("parse-feedback"))
                .split(Named.as("feedback-"))
                .branch((k, v) -> v instanceof FeedbackOutcome.Rejected, Branched.withConsumer(rejected -> rejected
                        .mapValues(v -> ((FeedbackOutcome.Rejected) v).dlq(), Named.as("feedback-dlq-body"))
                        .to(topics.feedbackDlq().name(), Produced.with(topics.feedbackDlq().keySerde(),
                                topics.feedbackDlq().valueSerde()).withName("feedback-dlq-sink")), "rejected"))
                .defaultBranch(Branched.as("accepted"));
        final KStream<String, JoinInput> labels = parsed.get("feedback-accepted")
                .mapValues(v -> (JoinInput) ((FeedbackOutcome.Accepted) v).labeled(), Named.as("labels"));
        final KStream<String, JoinInput> served = builder
                .stream(topics.scored().name(), Consumed.with(topics.scored().keySerde(), topics.scored().valueSerde())
                        .withName("scored-source"))
                .mapValues(e -> (JoinInput) new JoinInput.Served(e), Named.as("served"));

        final var joined = served.merge(labels, Named.as("join-inputs"))
                .process(() -> new JoinProcessor(SCORED_STORE, PENDING_STORE, FeaturesV1.SIZE, FeaturesV1.VERSION,
                        cfg.retention().scored(), cfg.retention().feedbackWait(), metrics),
                        Named.as("join"), SCORED_STORE, PENDING_STORE)
                .split(Named.as("join-"))
                .branch((k, v) -> v instanceof JoinOutput.Unmatched, Branched.withConsumer(unmatched -> unmatched
                        .mapValues(v -> ((JoinOutput.Unmatched) v).raw(), Named.as("unmatched-body"))
                        .to(topics.feedbackUnmatched().name(), Produced.with(topics.feedbackUnmatched().keySerde(),
                                topics.feedbackUnmatched().valueSerde()).withName("feedback-unmatched-sink")),
                        "unmatched"))
                .defaultBranch(Branched.as("matched"));

        joined.get("join-matched")
                .map((k, v) -> KeyValue.pair(ModelUpdate.KEY,
                        ((JoinOutput.Matched) v).example()), Named.as("to-learner"))
                .repartition(Repartitioned.<String, LabeledExample>as(EXAMPLES_TOPIC)
                        .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(LabeledExample.class))
                        .withNumberOfPartitions(1))
                .process(() -> new TrainerProcessor(cfg.batching(), cfg.holdout(),
                        new OnlineSgd(cfg.sgd(), base.frozenFeatures()), new PromotionGate(cfg.gate()), base, archive,
                        metrics, STATE_STORE, FEED_STORE), Named.as("trainer"), STATE_STORE)
                .to(topics.modelUpdates().name(), Produced.with(topics.modelUpdates().keySerde(),
                        topics.modelUpdates().valueSerde()).withName("model-updates-sink"));
        return builder.build();
    }

    private static void addStores(StreamsBuilder builder, UpdaterConfig cfg, UpdaterTopics topics) {
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(SCORED_STORE, cfg.retention().scored(), Duration.ofMillis(1),
                        false), Serdes.String(), new ServedVector.StoreSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(), PendingFeedback.SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), Serdes.ByteArray()));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FEED_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                topics.modelUpdates().name(),
                Consumed.with(topics.modelUpdates().keySerde(), topics.modelUpdates().valueSerde())
                        .withName("model-updates-source"),
                () -> new ModelFeed.Updater(FEED_STORE));
    }
}
