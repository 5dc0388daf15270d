package org.fraudstream.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fraudstream.contract.FeatureReplay;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.JsonSerde;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.contract.TransactionEvent;
import org.fraudstream.ingest.EventJson;
import org.fraudstream.ingest.EventParser;
import org.fraudstream.ingest.GeneratorConfig;
import org.fraudstream.ingest.ParseResult;
import org.fraudstream.ingest.TrafficGenerator;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.model.Score;
import org.fraudstream.model.Scorer;

/**
 * The scoring app's own work per event, without Kafka, on one thread: parse, features (with the
 * account state in a map instead of RocksDB), score, and the JSON of the two records it writes.
 * Several rounds over the same events; the first ones warm the JIT and are left out.
 */
final class HotPathBench {

    private static final int EVENTS = 200_000;
    private static final int ROUNDS = 6;
    private static final int WARMUP_ROUNDS = 3;

    private HotPathBench() {
    }

    static Map<String, Object> run(Path modelDir, PrintStream err) throws Exception {
        err.printf("hot path: %,d events x %d rounds on one thread...%n", EVENTS, ROUNDS);
        final TrafficGenerator gen = new TrafficGenerator(GeneratorConfig.defaults(11));
        final byte[][] payloads = new byte[EVENTS][];
        for (int i = 0; i < EVENTS; i++) {
            payloads[i] = EventJson.write(gen.next().toEvent("t-" + i, 1_000L * i));
        }
        final EventParser parser = new EventParser();
        final Scorer scorer = ModelBundle.load(modelDir).scorer();
        final JsonSerde<ScoredEvent> json = JsonSerde.of(ScoredEvent.class);
        final long[] ns = new long[5];
        long bytes = 0;
        for (int round = 0; round < ROUNDS; round++) {
            final FeatureReplay replay = new FeatureReplay();
            final long[] t = new long[5];
            for (byte[] payload : payloads) {
                final long t0 = System.nanoTime();
                final TransactionEvent e = ((ParseResult.Valid) parser.parse(payload)).event();
                final long t1 = System.nanoTime();
                final double[] f = replay.next(e);
                final long t2 = System.nanoTime();
                final Score score = scorer.score(f);
                final long t3 = System.nanoTime();
                final ScoredEvent scored = new ScoredEvent(e.transactionId(), e.nameOrig(), e.eventTimeMs(), e.step(),
                        e.type(), e.amount(), score.value(), scorer.threshold(), score.value() >= scorer.threshold(),
                        scorer.modelVersion(), FeaturesV1.VERSION, score.reasons(), f);
                bytes += json.toBytes(scored.withoutReasons()).length;
                final long t4 = System.nanoTime();
                bytes += json.toBytes(scored.withoutFeatures()).length;
                final long t5 = System.nanoTime();
                t[0] += t1 - t0;
                t[1] += t2 - t1;
                t[2] += t3 - t2;
                t[3] += t4 - t3;
                t[4] += t5 - t4;
            }
            if (round >= WARMUP_ROUNDS) {
                for (int i = 0; i < ns.length; i++) {
                    ns[i] += t[i];
                }
            }
        }
        final long n = (long) EVENTS * (ROUNDS - WARMUP_ROUNDS);
        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("parse_ns", ns[0] / n);
        r.put("features_ns", ns[1] / n);
        r.put("score_ns", ns[2] / n);
        r.put("json_scored_ns", ns[3] / n);
        r.put("json_outcome_ns", ns[4] / n);
        r.put("total_ns", (ns[0] + ns[1] + ns[2] + ns[3] + ns[4]) / n);
        r.put("bytes_written_per_event", bytes / ((long) EVENTS * ROUNDS));
        err.printf("hot path per event: %s%n", r);
        return r;
    }
}
