package org.fraudstream.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.fraudstream.contract.Topics;
import org.fraudstream.ingest.GeneratorConfig;
import org.fraudstream.ingest.PaySimCsv;
import org.fraudstream.ingest.TrafficGenerator;
import org.fraudstream.scoring.ScoringTopics;
import org.fraudstream.trainer.ConsoleProgress;
import org.fraudstream.trainer.TrainingPipeline;

/** Shared steps of the local runs: topic lists and a model trained on generated traffic. */
final class Stack {

    private Stack() {
    }

    static List<String> topicNames(ScoringTopics t) {
        return List.of(t.transactions().name(), t.anomalies().name(), t.metrics().name(), t.scored().name(),
                t.dlq().name(), Topics.LABELS.name(), Topics.FEEDBACK.name(), t.modelUpdates().name());
    }

    /** Writes {@code rows} generated rows to a CSV in {@code work} and trains a bundle on them. */
    static Path trainOnGenerated(Path work, long rows, long seed, PrintStream err) throws IOException {
        final Path csv = work.resolve("training.csv.gz");
        err.printf("generating %,d training rows (seed %d) into %s%n", rows, seed, csv);
        PaySimCsv.write(csv, new TrafficGenerator(GeneratorConfig.defaults(seed)), rows);
        final Path modelDir = work.resolve("model");
        err.printf("training the model into %s%n", modelDir);
        final var result = TrainingPipeline.train(csv, modelDir, TrainingPipeline.TrainOptions.defaults(),
                new ConsoleProgress(err));
        err.printf("model %s trained in %.1f s%n", result.bundle().manifest().modelVersion(),
                result.totalTime().toMillis() / 1000.0);
        return modelDir;
    }
}
