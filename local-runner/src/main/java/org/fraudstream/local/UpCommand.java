package org.fraudstream.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.StreamsConfig;
import org.fraudstream.kafka.EmbeddedKafka;
import org.fraudstream.model.ModelBundle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fraud up}: the whole suite in this JVM (broker, scoring, feedback API, online updater)
 * on the default ports, running until interrupted. Prints each service's URL and the API key (the
 * first of {@code FRAUD_API_KEYS}, or a generated one). No traffic: send some with
 * {@code ./fraud replay --bootstrap-servers <printed address> --generate N}.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start broker, scoring app, feedback API and online updater in one JVM; run until Ctrl-C.")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--model", description = "Model bundle (default: one trained on generated data).")
    Path model;

    @Option(names = "--partitions", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions = 4;

    @Option(names = "--guarantee", description = "exactly_once_v2 or at_least_once (default: ${DEFAULT-VALUE}).")
    String guarantee = StreamsConfig.EXACTLY_ONCE_V2;

    @Option(names = "--scoring-port", description = "Default: ${DEFAULT-VALUE}.")
    int scoringPort = Suite.Ports.DEFAULT.scoring();

    @Option(names = "--feedback-port", description = "Default: ${DEFAULT-VALUE}.")
    int feedbackPort = Suite.Ports.DEFAULT.feedback();

    @Option(names = "--updater-port", description = "Default: ${DEFAULT-VALUE}.")
    int updaterPort = Suite.Ports.DEFAULT.updater();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        if (model != null) {
            ModelBundle.load(model);
        }
        final Path work = WorkDir.current();
        final Map<String, String> env = System.getenv();
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(60, java.util.concurrent.TimeUnit.SECONDS); // let the services close cleanly
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fraud-up-stop"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
            final Path modelDir = model != null ? model : Stack.trainOnGenerated(work, 200_000, 8, err);
            try (Suite suite = Suite.start(kafka, work, modelDir, guarantee, partitions,
                    new Suite.Ports(scoringPort, feedbackPort, updaterPort), env, err)) {
                final PrintStream out = System.out;
                out.printf("%nkafka           %s%n", kafka.bootstrapServers());
                out.printf("scoring app     http://localhost:%d/health  http://localhost:%d/metrics%n",
                        suite.scoring.httpPort(), suite.scoring.httpPort());
                out.printf("feedback API    http://localhost:%d/alerts  /feedback  /openapi.json  /health  /metrics%n",
                        suite.feedback.port());
                out.printf("online updater  http://localhost:%d/health  http://localhost:%d/metrics%n",
                        suite.updater.httpPort(), suite.updater.httpPort());
                out.printf("api key         %s%s%n", suite.apiKey, suite.generatedKey(env)
                        ? "  (generated; set FRAUD_API_KEYS to choose your own)" : "  (from FRAUD_API_KEYS)");
                out.printf("model           %s%n", suite.scoring.model().current().modelVersion());
                out.printf("work dir        %s%n%n", work);
                out.printf("send traffic:   ./fraud replay --bootstrap-servers %s --generate 100000 --rate 2000 "
                        + "--labels-topic labels%n", kafka.bootstrapServers());
                out.printf("label an alert: curl -s -H 'X-API-Key: %s' -H 'Content-Type: application/json' "
                        + "-d '{\"transactionId\":\"<id>\",\"label\":\"FRAUD\",\"analystId\":\"me\"}' "
                        + "http://localhost:%d/feedback%n", suite.apiKey, suite.feedback.port());
                out.println("running; Ctrl-C stops everything");
                out.flush();
                stop.await();
                err.println("stopping...");
            }
        } finally {
            stopped.countDown();
        }
        return 0;
    }
}
