package org.fraudstream.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.StreamsConfig;
import org.fraudstream.contract.Topics;
import org.fraudstream.feedback.FeedbackService;
import org.fraudstream.kafka.EmbeddedKafka;
import org.fraudstream.model.ModelBundle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fraud up}: the whole suite in this JVM (broker, scoring, feedback API, online updater)
 * on the default ports, running until interrupted, with generated traffic at {@code --rate} events/s
 * (ground truth to the {@code labels} topic; 0: none, send some with
 * {@code ./fraud replay --bootstrap-servers <printed address> --generate N}). Prints each service's
 * URL, the analyst console's URL and the API key (the first of {@code FRAUD_API_KEYS}, or a
 * generated one). With
 * {@code --feedback-only}: the broker and the feedback API alone, to measure the API
 * ({@code infra/bench/feedback-wrk.sh}) without the updater learning from every label it takes.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start broker, scoring app, feedback API and online updater in one JVM; run until Ctrl-C.")
public final class UpCommand implements Callable<Integer> {

    /** The model trained when no --model is given: generated rows and their seed (also infra/defaults.env). */
    static final long TRAINING_ROWS = 200_000;
    static final long TRAINING_SEED = 8;

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

    @Option(names = "--rate", description = "Events/s of generated traffic, ground truth to the labels topic; "
            + "0 = none (default: ${DEFAULT-VALUE}). Not with --feedback-only.")
    double rate = 200;

    @Option(names = "--feedback-only",
            description = "Only the broker and the feedback API (no model, scoring or updater): to measure the API.")
    boolean feedbackOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream err = System.err;

    /** The generated traffic's seed; each run still has its own transaction ids. */
    static final long TRAFFIC_SEED = 7;

    @Override
    public Integer call() throws Exception {
        if (model != null) {
            ModelBundle.load(model);
        }
        if (!(rate >= 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be >= 0, was " + rate);
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
            if (feedbackOnly) {
                runFeedbackOnly(kafka, work, env, stop);
                return 0;
            }
            final Path modelDir = model != null ? model
                    : Stack.trainOnGenerated(work, TRAINING_ROWS, TRAINING_SEED, err);
            try (Suite suite = Suite.start(kafka, work, modelDir, guarantee, partitions,
                    new Suite.Ports(scoringPort, feedbackPort, updaterPort), env, err);
                 LiveTraffic traffic = rate > 0 ? LiveTraffic.start(kafka, suite.topics.transactions().name(), rate,
                         TRAFFIC_SEED) : null) {
                final PrintStream out = System.out;
                out.printf("%nkafka           %s%n", kafka.bootstrapServers());
                out.printf("scoring app     http://localhost:%d/health  http://localhost:%d/metrics%n",
                        suite.scoring.httpPort(), suite.scoring.httpPort());
                out.printf("feedback API    http://localhost:%d/alerts  /feedback  /openapi.json  /health  /metrics%n",
                        suite.feedback.port());
                out.printf("online updater  http://localhost:%d/health  http://localhost:%d/metrics%n",
                        suite.updater.httpPort(), suite.updater.httpPort());
                out.printf("analyst console http://localhost:%d/console#key=%s%n", suite.feedback.port(), suite.apiKey);
                out.printf("traffic         %s%n", traffic == null ? "none (--rate 0)"
                        : perSecond(rate) + " events/s generated, ground truth to the labels topic (--rate)");
                out.printf("api key         %s%s%n", suite.apiKey, Suite.generatedKey(env)
                        ? "  (generated; set FRAUD_API_KEYS to choose your own)" : "  (from FRAUD_API_KEYS)");
                out.printf("model           %s%n", suite.scoring.model().current().modelVersion());
                out.printf("work dir        %s%n%n", work);
                out.printf("%s ./fraud replay --bootstrap-servers %s --generate 100000 --rate 2000 --labels-topic labels%n",
                        traffic == null ? "send traffic:  " : "more traffic:  ", kafka.bootstrapServers());
                out.printf("label an alert: curl -s -H 'X-API-Key: %s' -H 'Content-Type: application/json' "
                        + "-d '{\"transactionId\":\"<id>\",\"label\":\"FRAUD\",\"analystId\":\"me\"}' "
                        + "http://localhost:%d/feedback%n", suite.apiKey, suite.feedback.port());
                final Readiness.Targets targets = new Readiness.Targets(
                        "http://localhost:" + suite.scoring.httpPort(), "http://localhost:" + suite.feedback.port(),
                        "http://localhost:" + suite.updater.httpPort(), kafka.bootstrapServers(), suite.apiKey);
                StackFile.write(StackFile.DEFAULT, targets, work);
                out.printf("check it:       ./fraud readiness   (report in reports/demo_readiness_report.json)%n");
                out.println("running; Ctrl-C stops everything");
                out.flush();
                try {
                    stop.await();
                } finally {
                    java.nio.file.Files.deleteIfExists(StackFile.DEFAULT);
                }
                err.println("stopping...");
            }
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    private static String perSecond(double r) {
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    private void runFeedbackOnly(EmbeddedKafka kafka, Path work, Map<String, String> env, CountDownLatch stop)
            throws Exception {
        kafka.createTopics(List.of(Topics.FEEDBACK.name(), Topics.ANOMALIES.name()), partitions);
        final String apiKey = Suite.apiKey(env);
        try (FeedbackService feedback = FeedbackService.create(Suite.feedbackConfig(kafka, feedbackPort, apiKey, env))) {
            feedback.start();
            final PrintStream out = System.out;
            out.printf("%nkafka           %s%n", kafka.bootstrapServers());
            out.printf("feedback API    http://localhost:%d/feedback  /alerts  /openapi.json  /health  /metrics%n",
                    feedback.port());
            out.printf("api key         %s%s%n", apiKey, Suite.generatedKey(env)
                    ? "  (generated; set FRAUD_API_KEYS to choose your own)" : "  (from FRAUD_API_KEYS)");
            out.printf("work dir        %s%n%n", work);
            out.println("running (broker and feedback API only); Ctrl-C stops everything");
            out.flush();
            stop.await();
            err.println("stopping...");
        }
    }
}
