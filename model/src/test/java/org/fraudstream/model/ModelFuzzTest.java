package org.fraudstream.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fraudstream.contract.FeaturesV1;

/**
 * The two ways a model comes in from outside: a model update off the {@code model-updates} topic
 * ({@link ModelUpdate#fromBytes}) and a bundle's files ({@link ModelBundle#load(Map, String)}, the
 * same code as loading a directory, from memory so that millions of inputs run in minutes). A
 * corrupted or truncated input must end in the documented exception with a message, never in any
 * other exception or a hang; what loads must score. Plain checks, no AssertJ, in the loop.
 *
 * <p>A bundle input is its files one after the other, separated by a NUL byte (never part of JSON
 * text), in the order of {@link #FILES}; files past the last part are absent.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the checked-in inputs under
 * {@code src/test/resources/org/fraudstream/model/ModelFuzzTestInputs/<method>/} (regression mode);
 * with {@code JAZZER_FUZZ=1} it fuzzes one method (README, "Fuzzing").
 */
class ModelFuzzTest {

    static final List<String> FILES = List.of(ModelBundle.MANIFEST_FILE, ModelBundle.SGD_FILE,
            ModelBundle.ENSEMBLE_FILE, ModelBundle.FOREST_FILE, ModelBundle.AUTOENCODER_FILE,
            ModelBundle.REFERENCE_FILE);
    private static final double[] ZEROS = new double[FeaturesV1.SIZE];

    @FuzzTest(maxExecutions = 10_000_000, maxDuration = "90m")
    void modelUpdate(byte[] json) {
        final ModelUpdate update;
        try {
            update = ModelUpdate.fromBytes(json);
        } catch (IllegalArgumentException e) {
            check(e.getMessage() != null && !e.getMessage().isBlank(), "no message: " + e);
            return;
        }
        final double p = new LogisticScorer(update.toLogisticModel(), update.version(), 0.5).score(
                new double[update.featureNames().size()]).value();
        check(p >= 0 && p <= 1, update.version() + " scores " + p);
        check(ModelUpdate.fromBytes(update.toBytes()).equals(update), "round trip changed " + update.version());
    }

    @FuzzTest(maxExecutions = 10_000_000, maxDuration = "90m")
    void bundle(byte[] input) {
        final ModelBundle bundle;
        try {
            bundle = ModelBundle.load(files(input), "fuzz");
        } catch (ModelLoadException e) {
            check(e.getMessage() != null && !e.getMessage().isBlank() && e.getMessage().length() < 2_000,
                    "message: " + e.getMessage());
            return;
        }
        final double p = bundle.scorer().score(ZEROS).value();
        check(p >= 0 && p <= 1, "the loaded bundle scores " + p);
    }

    /** The files of a bundle input (see the class comment). */
    static Map<String, byte[]> files(byte[] input) {
        final Map<String, byte[]> files = new HashMap<>();
        int from = 0;
        for (int i = 0; i < FILES.size() && from <= input.length; i++) {
            int to = from;
            while (to < input.length && input[to] != 0) {
                to++;
            }
            files.put(FILES.get(i), Arrays.copyOfRange(input, from, to));
            from = to + 1;
        }
        return files;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
