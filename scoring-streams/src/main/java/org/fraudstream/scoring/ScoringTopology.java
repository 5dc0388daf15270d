package org.fraudstream.scoring;

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
import org.fraudstream.contract.AccountStateSerde;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.contract.TransactionEvent;
import org.fraudstream.ingest.EventParser;
import org.fraudstream.scoring.internals.ModelUpdateProcessor;
import org.fraudstream.scoring.internals.ParseOutcome;
import org.fraudstream.scoring.internals.ParseProcessor;
import org.fraudstream.scoring.internals.ReceiveProcessor;
import org.fraudstream.scoring.internals.RoutedEvent;
import org.fraudstream.scoring.internals.RoutedEventSerde;
import org.fraudstream.scoring.internals.ScoringProcessor;

/**
 * The scoring topology. In: raw event bytes on {@code transactions}, keyed by origin account. Out:
 * <ul>
 *   <li>{@code dlq}: every record that does not parse, with reason and source offset (dlq_v1);</li>
 *   <li>{@code anomalies}: scored events with score &ge; threshold; {@code metrics}: all others
 *       (together with the DLQ, every input record lands in exactly one of the three);</li>
 *   <li>{@code scored}: every scored event with its served feature vector (no reasons), for the
 *       feedback loop.</li>
 * </ul>
 * In: {@code model-updates} (compacted) as a global store; each new SGD version replaces the SGD part
 * of the ensemble between two records, and every scored event carries the version that scored it.
 * Per-account state lives in the RocksDB store {@value #ACCOUNT_STORE} (changelogged). Each event
 * visits two accounts, each in its own partition: first its destination (through the repartition
 * topic {@value #BY_DESTINATION_TOPIC}), which records the money received and reads what the stream
 * knows of the destination; then its origin (through {@value #BY_ORIGIN_TOPIC}), where the features
 * are computed and the event scored. Both steps share the store, so Kafka Streams runs them in one
 * sub-topology over co-partitioned topics; the state is correct whatever the producer's partitioning.
 *
 * <p>Order: within a step, an account's events are seen in the order they reach its partition.
 * Training replays the file in step order; an account's credit and its own next debit travel
 * different paths, so when both fall into one step their order can differ from the file's under
 * load (a mule that cashes out in the same hour it was paid may then look like one that has not been
 * paid yet).
 */
public final class ScoringTopology {

    public static final String ACCOUNT_STORE = "account-state";
    /** Global store of the latest model update (its processor swaps the model). */
    public static final String MODEL_STORE = "model-versions";
    /** Repartition topic of the destination's step. */
    public static final String BY_DESTINATION_TOPIC = "events-by-destination";
    /** Repartition topic of the origin's step. */
    public static final String BY_ORIGIN_TOPIC = "events-by-origin";

    private ScoringTopology() {
    }

    public static Topology build(ScoringTopics topics, ModelHolder model, EventParser parser, ScoringMetrics metrics) {
        return build(topics, model, parser, metrics, null);
    }

    /**
     * The topology, counting served vectors and scores into {@code drift} ({@code null}: no drift is
     * measured, as for a bundle without a reference).
     */
    public static Topology build(ScoringTopics topics, ModelHolder model, EventParser parser, ScoringMetrics metrics,
                                 DriftWindow drift) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metrics, "metrics");
        final StreamsBuilder builder = new StreamsBuilder();
        // Cached: reads of recently active accounts skip RocksDB, and an account's updates within one
        // commit interval reach RocksDB and the changelog once.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ACCOUNT_STORE), Serdes.String(), new AccountStateSerde())
                .withCachingEnabled());

        // model-updates, read in full by every instance: a new SGD version swaps in between two records
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODEL_STORE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(), topics.modelUpdates().name(),
                Consumed.with(topics.modelUpdates().keySerde(), topics.modelUpdates().valueSerde())
                        .withName("model-updates-source"),
                () -> new ModelUpdateProcessor(MODEL_STORE, model, metrics));

        final KStream<String, ParseOutcome> parsed = builder
                .stream(topics.transactions().name(), Consumed.with(topics.transactions().keySerde(),
                        topics.transactions().valueSerde()).withName("transactions-source"))
                .processValues(() -> new ParseProcessor(parser, metrics), Named.as("parse"));

        parsed.split(Named.as("parse-"))
                .branch((k, v) -> v instanceof ParseOutcome.Rejected, Branched.withConsumer(rejected -> rejected
                        .mapValues(v -> ((ParseOutcome.Rejected) v).dlq(), Named.as("dlq-body"))
                        .selectKey((k, v) -> v.transactionId(), Named.as("dlq-key")) // null when unreadable
                        .to(topics.dlq().name(), Produced.with(topics.dlq().keySerde(), topics.dlq().valueSerde())
                                .withName("dlq-sink")), "rejected"))
                .defaultBranch(Branched.withConsumer(accepted -> score(
                        accepted.mapValues(v -> ((ParseOutcome.Accepted) v).event(), Named.as("event")),
                        topics, model, metrics, drift), "accepted"));
        return builder.build();
    }

    private static void score(KStream<String, TransactionEvent> events, ScoringTopics topics, ModelHolder model,
                              ScoringMetrics metrics, DriftWindow drift) {
        final RoutedEventSerde routed = new RoutedEventSerde();
        final KStream<String, ScoredEvent> scored = events
                .map((k, e) -> KeyValue.pair(e.nameDest(), new RoutedEvent(e, null)), Named.as("key-by-destination"))
                .repartition(Repartitioned.with(Serdes.String(), routed).withName(BY_DESTINATION_TOPIC))
                .process(() -> new ReceiveProcessor(ACCOUNT_STORE), Named.as("receive"), ACCOUNT_STORE)
                .repartition(Repartitioned.with(Serdes.String(), routed).withName(BY_ORIGIN_TOPIC))
                .process(() -> new ScoringProcessor(ACCOUNT_STORE, model, metrics, drift), Named.as("score"), ACCOUNT_STORE);

        scored.mapValues(ScoredEvent::withoutReasons, Named.as("feature-log"))
                .to(topics.scored().name(), Produced.with(topics.scored().keySerde(), topics.scored().valueSerde())
                        .withName("scored-sink"));
        scored.mapValues(ScoredEvent::withoutFeatures, Named.as("strip-features"))
                .split(Named.as("route-"))
                .branch((k, s) -> s.anomaly(), Branched.withConsumer(a -> a.to(topics.anomalies().name(),
                        Produced.with(topics.anomalies().keySerde(), topics.anomalies().valueSerde())
                                .withName("anomalies-sink")), "anomaly"))
                .defaultBranch(Branched.withConsumer(m -> m.to(topics.metrics().name(),
                        Produced.with(topics.metrics().keySerde(), topics.metrics().valueSerde())
                                .withName("metrics-sink")), "normal"));
    }
}
