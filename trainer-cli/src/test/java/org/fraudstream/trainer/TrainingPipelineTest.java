package org.fraudstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.fraudstream.contract.FeatureReplay;
import org.fraudstream.contract.FeaturesV1;
import org.fraudstream.contract.TransactionEvent;
import org.fraudstream.ingest.CsvFormatException;
import org.fraudstream.ingest.PaySimRow;
import org.fraudstream.model.BundleManifest;
import org.fraudstream.model.DriftBins;
import org.fraudstream.model.DriftReference;
import org.fraudstream.model.ModelBundle;
import org.fraudstream.trainer.TrainingPipeline.ProgressListener;
import org.fraudstream.trainer.TrainingPipeline.TrainOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPipelineTest {

    private static final int STEPS = 40;
    private static final int ROWS_PER_STEP = 100;
    private static final TrainOptions FAST = TrainOptions.defaults().withEpochs(3);

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    private static List<PaySimRow> rows;
    private static Path csv;
    private static TrainingResult trained;

    @BeforeAll
    static void trainOnce() throws IOException {
        rows = PaySimFixture.rows(STEPS, ROWS_PER_STEP, 0.03, 5L);
        csv = PaySimFixture.write(shared.resolve("paysim.csv"), rows);
        trained = TrainingPipeline.train(csv, shared.resolve("bundle"), FAST, ProgressListener.NONE);
    }

    @Test
    void shouldWriteALoadableBundleWithProvenanceAndMetrics() throws Exception {
        final ModelBundle loaded = ModelBundle.load(shared.resolve("bundle"));
        final BundleManifest m = loaded.manifest();

        assertThat(loaded.sgd()).isEqualTo(trained.bundle().sgd());
        assertThat(m.featuresHash()).isEqualTo(FeaturesV1.HASH);
        assertThat(m.featuresVersion()).isEqualTo(FeaturesV1.VERSION);
        final String sha = sha256(csv);
        assertThat(m.trainingFileSha256()).isEqualTo(sha);
        assertThat(m.modelVersion()).matches("ens-\\d{14}-" + sha.substring(0, 8));
        assertThat(m.codeVersion()).isEqualTo("dev");
        assertThat(m.seed()).isEqualTo(42L);
        assertThat(m.parameters()).containsEntry("epochs", 3).containsKey("positiveWeight");
        assertThat(m.metrics()).containsKeys("pr_auc", "roc_auc", "precision_at_budget", "recall_at_budget",
                "alerts_at_budget", "validation_rows", "validation_fraud", "train_rows", "train_fraud");
        assertThat((Double) m.metrics().get("roc_auc")).isGreaterThan(0.9);
        assertThat((Double) m.metrics().get("pr_auc")).isGreaterThan(0.5);
        assertThat(loaded.scorer().threshold()).isEqualTo(m.threshold()).isBetween(0.0, 1.0);
    }

    @Test
    void shouldStoreTheTrainingAndValidationDistributionsAsTheDriftReference() throws Exception {
        final ModelBundle loaded = ModelBundle.load(shared.resolve("bundle"));
        final Map<String, Object> x = loaded.manifest().metrics();
        final DriftReference reference = loaded.reference().orElseThrow();

        assertThat(reference).isEqualTo(trained.bundle().reference().orElseThrow());
        assertThat(reference.featuresHash()).isEqualTo(FeaturesV1.HASH);
        assertThat(reference.features()).extracting(DriftBins::name).isEqualTo(FeaturesV1.NAMES);
        assertThat(reference.featureRows()).isEqualTo(((Number) x.get("train_rows")).longValue());
        assertThat(reference.scoreRows()).isEqualTo(((Number) x.get("validation_rows")).longValue());
        // the training rows' own features, binned again, are the reference: PSI 0
        final double[][] features = TrainingPipeline.featureRows(csv);
        final int trainRows = (int) reference.featureRows();
        for (int j = 0; j < FeaturesV1.SIZE; j++) {
            final DriftBins bins = reference.features().get(j);
            final long[] counts = new long[bins.size()];
            for (int r = 0; r < trainRows; r++) {
                counts[bins.bin(features[r][j])]++;
            }
            assertThat(bins.psi(counts, trainRows)).as(bins.name()).isCloseTo(0.0, within(1e-9));
        }
    }

    @Test
    void shouldValidateOnlyOnStepsAfterEveryTrainingStep() {
        final Map<String, Object> x = trained.bundle().manifest().metrics();
        final int lastTrain = ((Number) x.get("train_last_step")).intValue();
        final int firstValidation = ((Number) x.get("validation_first_step")).intValue();
        final long validationRows = ((Number) x.get("validation_rows")).longValue();

        assertThat(firstValidation).isGreaterThan(lastTrain);
        assertThat(x.get("validation_last_step")).isEqualTo(STEPS - 1);
        final long expected = rows.stream().filter(r -> r.step() >= firstValidation).count();
        assertThat(validationRows).isEqualTo(expected).isBetween(STEPS * ROWS_PER_STEP / 10L, STEPS * ROWS_PER_STEP / 3L);
        assertThat(((Number) x.get("train_rows")).longValue() + validationRows).isEqualTo(rows.size());
    }

    @Test
    void shouldKeepTheAlertBudgetOnValidation() {
        final Map<String, Object> x = trained.bundle().manifest().metrics();
        final long validationRows = ((Number) x.get("validation_rows")).longValue();
        assertThat(((Number) x.get("alerts_at_budget")).longValue())
                .isLessThanOrEqualTo((long) Math.ceil(FAST.alertBudget() * validationRows));
    }

    @Test
    void shouldGiveIdenticalWeightsWhenTrainedAgainWithTheSameSeed() throws IOException {
        final TrainingResult again = TrainingPipeline.train(csv, tmp.resolve("again"), FAST, ProgressListener.NONE);
        assertThat(again.bundle().sgd()).isEqualTo(trained.bundle().sgd());
    }

    @Test
    void shouldComputeTheFeaturesOfTheStreamingPath() throws IOException {
        final List<TransactionEvent> events = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            events.add(StepOrderReader.event(rows.get(i), i + 2L));
        }
        final double[][] expected = FeatureReplay.replay(events);

        final FeatureTable table = TrainingPipeline.featureTable(csv, ProgressListener.NONE);

        assertThat(table.size()).isEqualTo(expected.length);
        for (int r = 0; r < expected.length; r++) {
            assertThat(table.row(r, new double[FeaturesV1.SIZE])).as("row %d", r).containsExactly(expected[r]);
            assertThat(table.fraud(r)).isEqualTo(rows.get(r).isFraud());
            assertThat(table.step(r)).isEqualTo(rows.get(r).step());
        }
    }

    @Test
    void shouldReplayInStepOrderWhenTheFileIsNotSorted() throws IOException {
        // the steps' blocks in reverse order; within a step the file order is kept
        final List<PaySimRow> reversed = new ArrayList<>();
        for (int step = STEPS - 1; step >= 0; step--) {
            final int s = step;
            rows.stream().filter(r -> r.step() == s).forEach(reversed::add);
        }
        final Path unsorted = PaySimFixture.write(tmp.resolve("unsorted.csv"), reversed);

        final TrainingResult result = TrainingPipeline.train(unsorted, tmp.resolve("b"), FAST, ProgressListener.NONE);

        assertThat(result.bundle().sgd()).isEqualTo(trained.bundle().sgd());
        assertThat(result.bundle().manifest().metrics()).isEqualTo(trained.bundle().manifest().metrics());
    }

    @Test
    void shouldTrainTheSameModelFromAGzipFile() throws IOException {
        final Path gz = PaySimFixture.write(tmp.resolve("paysim.csv.gz"), rows);

        final TrainingResult result = TrainingPipeline.train(gz, tmp.resolve("gz"), FAST, ProgressListener.NONE);

        assertThat(result.bundle().sgd()).isEqualTo(trained.bundle().sgd());
        assertThat(result.bundle().manifest().trainingFileSha256())
                .isNotEqualTo(trained.bundle().manifest().trainingFileSha256());
    }

    @Test
    void shouldHoldBalanceFeaturesAtZeroWhenExcluded() throws IOException {
        final TrainingResult r = TrainingPipeline.train(csv, tmp.resolve("nobal"),
                FAST.withExcludeBalanceFeatures(true), ProgressListener.NONE);

        final double[] w = r.bundle().sgd().weights();
        for (int i = 0; i < FeaturesV1.SIZE; i++) {
            if (FeaturesV1.FEATURES.get(i).balanceDerived()) {
                assertThat(w[i]).as(FeaturesV1.NAMES.get(i)).isZero();
            }
        }
        assertThat(r.bundle().manifest().excludedFeatures())
                .containsExactly("orig_log_amount_to_balance", "orig_drained", "orig_balance_error",
                        "dest_balance_error", "dest_empty_before");
    }

    @Test
    void shouldSampleLegitRowsButKeepEveryFraudWhenAboveTheRowCap() throws IOException {
        final TrainingResult r = TrainingPipeline.train(csv, tmp.resolve("capped"), FAST.withMaxTrainRows(1000),
                ProgressListener.NONE);
        final Map<String, Object> x = r.bundle().manifest().metrics();

        assertThat(((Number) x.get("train_rows_used")).longValue()).isBetween(800L, 1200L);
        assertThat(x.get("train_fraud")).isEqualTo(trained.bundle().manifest().metrics().get("train_fraud"));
        assertThat((Double) x.get("roc_auc")).isGreaterThan(0.9);
    }

    @Test
    void shouldNameTheLineWhenARowIsMalformed() throws IOException {
        final List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.set(7, lines.get(7).replace(",PAYMENT,", ",BRIBE,").replace(",CASH_OUT,", ",BRIBE,")
                .replace(",CASH_IN,", ",BRIBE,").replace(",TRANSFER,", ",BRIBE,").replace(",DEBIT,", ",BRIBE,"));
        final Path bad = Files.write(tmp.resolve("bad.csv"), lines);

        assertThatThrownBy(() -> TrainingPipeline.train(bad, tmp.resolve("x"), FAST, ProgressListener.NONE))
                .isInstanceOf(CsvFormatException.class).hasMessageContaining("bad.csv:8").hasMessageContaining("BRIBE");
    }

    @Test
    void shouldRefuseToTrainWhenNoFraudPrecedesTheSplit() throws IOException {
        final List<PaySimRow> honest = PaySimFixture.rows(10, 50, 0.0, 1L);
        final Path file = PaySimFixture.write(tmp.resolve("honest.csv"), honest);

        assertThatThrownBy(() -> TrainingPipeline.train(file, tmp.resolve("x"), FAST, ProgressListener.NONE))
                .isInstanceOf(TrainingException.class).hasMessageContaining("no fraud");
    }

    @Test
    void shouldReportEveryPhaseToTheProgressListener() throws IOException {
        final List<String> phases = new ArrayList<>();
        final ProgressListener recorder = new ProgressListener() {
            @Override
            public void start(String phase, long total, String unit) {
                phases.add(phase + "/" + total);
            }

            @Override
            public void step(long done) {
            }

            @Override
            public void end() {
            }
        };
        TrainingPipeline.train(csv, tmp.resolve("p"), FAST, recorder);

        assertThat(phases).containsExactly("hashing/" + Files.size(csv), "reading/" + rows.size(),
                "training sgd/" + 3L * ((Number) trained.bundle().manifest().metrics().get("train_rows_used")).longValue(),
                "training iforest/-1",
                "training autoencoder/" + new org.fraudstream.model.AutoencoderTrainer(
                        org.fraudstream.model.AutoencoderParams.defaults(FAST.seed())).progressTotal(
                        (int) rows.stream().limit(((Number) trained.bundle().manifest().metrics().get("train_rows"))
                                .longValue()).filter(r -> !r.isFraud()).count()),
                "validating/" + ((Number) trained.bundle().manifest().metrics().get("validation_rows")).longValue());
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
