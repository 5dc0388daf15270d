package org.fraudstream.scoring;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
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
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.contract.TransactionEvent;
import org.fraudstream.ingest.EventParser;
import org.fraudstream.scoring.internals.ParseOutcome;
import org.fraudstream.scoring.internals.ParseProcessor;
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
 * Per-account state lives in the RocksDB store {@value #ACCOUNT_STORE} (changelogged). Events whose
 * record key is not their origin account are re-keyed through the {@value #REKEY_TOPIC} repartition
 * topic, so state stays correct whatever the producer's partitioning.
 */
public final class ScoringTopology {

    public static final String ACCOUNT_STORE = "account-state";
    public static final String REKEY_TOPIC = "events-by-account";

    private ScoringTopology() {
    }

    public static Topology build(ScoringTopics topics, ModelHolder model, EventParser parser, ScoringMetrics metrics) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metrics, "metrics");
        final StreamsBuilder builder = new StreamsBuilder();
        // Cached: reads of recently active accounts skip RocksDB, and an account's updates within one
        // commit interval reach RocksDB and the changelog once.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ACCOUNT_STORE), Serdes.String(), new AccountStateSerde())
                .withCachingEnabled());

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
                        topics, model, metrics), "accepted"));
        return builder.build();
    }

    private static void score(KStream<String, TransactionEvent> events, ScoringTopics topics, ModelHolder model,
                              ScoringMetrics metrics) {
        final JsonSerde<TransactionEvent> eventSerde = JsonSerde.of(TransactionEvent.class);
        final var byKey = events.split(Named.as("keyed-"))
                .branch((k, e) -> e.nameOrig().equals(k), Branched.as("by-account"))
                .defaultBranch(Branched.as("other"));
        final KStream<String, TransactionEvent> rekeyed = byKey.get("keyed-other")
                .selectKey((k, e) -> e.nameOrig(), Named.as("rekey"))
                .repartition(Repartitioned.with(Serdes.String(), eventSerde).withName(REKEY_TOPIC));
        final KStream<String, ScoredEvent> scored = byKey.get("keyed-by-account")
                .merge(rekeyed, Named.as("events-merged"))
                .process(() -> new ScoringProcessor(ACCOUNT_STORE, model, metrics), Named.as("score"), ACCOUNT_STORE);

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
