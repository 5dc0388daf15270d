package org.fraudstream.local;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fraudstream.scoring.ScoringApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the scoring app against an existing Kafka cluster until interrupted. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Run the scoring app against an existing Kafka cluster.",
                "Options override the FRAUD_* environment variables of the same meaning."})
public final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (FRAUD_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--model", description = "Model bundle directory (FRAUD_MODEL_DIR).")
    String model;

    @Option(names = "--guarantee", description = "exactly_once_v2 or at_least_once (FRAUD_PROCESSING_GUARANTEE).")
    String guarantee;

    @Option(names = "--application-id", description = "Kafka Streams application id (FRAUD_APPLICATION_ID).")
    String applicationId;

    @Option(names = "--state-dir", description = "State store directory (FRAUD_STATE_DIR).")
    String stateDir;

    @Override
    public Integer call() throws Exception {
        final Map<String, String> env = new HashMap<>(System.getenv());
        putIf(env, "FRAUD_BOOTSTRAP_SERVERS", bootstrapServers);
        putIf(env, "FRAUD_MODEL_DIR", model);
        putIf(env, "FRAUD_PROCESSING_GUARANTEE", guarantee);
        putIf(env, "FRAUD_APPLICATION_ID", applicationId);
        putIf(env, "FRAUD_STATE_DIR", stateDir);
        return ScoringApp.run(env);
    }

    private static void putIf(Map<String, String> env, String key, String value) {
        if (value != null) {
            env.put(key, value);
        }
    }
}
