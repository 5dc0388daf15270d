package org.fraudstream.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.fraudstream.contract.FeaturesV1;

/**
 * Scores with ONNX Runtime the model {@link OnnxExport} wrote. In: FEATURES_V1 vectors, one per
 * event ({@link #score}) or a batch ({@link #scoreBatch}). Out: the ensemble's probability, computed
 * by ONNX Runtime alone. Reason codes need the features each member looked at, which the graph does
 * not give: they come from the JVM members of the same ensemble, ranked by the member signals that
 * ONNX Runtime computed, exactly as {@link EnsembleScorer} ranks its own.
 *
 * <p>One intra-op thread per session: the stream already runs one scoring thread per core, and a
 * pool per call would only contend with it. Thread-safe: each thread scoring single events gets its
 * own input and output tensors, reused from call to call. {@link #close} releases the native session.
 */
public final class OnnxScorer implements Scorer, AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final EnsembleScorer jvm;
    private final int d;
    private final int k;
    private final ThreadLocal<Single> single;
    private final Queue<Single> opened = new ConcurrentLinkedQueue<>();

    private OnnxScorer(byte[] model, EnsembleScorer jvm) throws OrtException {
        this.jvm = jvm;
        this.d = FeaturesV1.SIZE;
        this.k = jvm.members().size();
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            this.session = env.createSession(model, options);
        }
        this.single = ThreadLocal.withInitial(this::openSingle);
    }

    /** Exports {@code ensemble} in memory and opens it: the ONNX path of exactly that ensemble. */
    public static OnnxScorer of(EnsembleScorer ensemble) {
        try {
            return new OnnxScorer(OnnxExport.toBytes(ensemble), ensemble);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime refused the exported ensemble " + ensemble.modelVersion()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens {@code onnxFile} (written by {@link OnnxExport}); {@code ensemble} gives the reasons and
     * must be the ensemble it was exported from (same model version, members and FEATURES_V1).
     */
    public static OnnxScorer load(Path onnxFile, EnsembleScorer ensemble) throws ModelLoadException {
        final OnnxScorer scorer;
        try {
            scorer = new OnnxScorer(Files.readAllBytes(onnxFile), ensemble);
        } catch (IOException | OrtException e) {
            throw new ModelLoadException("cannot load ONNX model " + onnxFile + ": " + e.getMessage(), e);
        }
        try {
            scorer.checkMetadata();
        } catch (OrtException | IllegalArgumentException e) {
            scorer.close();
            throw new ModelLoadException("ONNX model " + onnxFile + ": " + e.getMessage(), e);
        }
        return scorer;
    }

    private void checkMetadata() throws OrtException {
        final Map<String, String> meta = session.getMetadata().getCustomMetadata();
        expect(meta, OnnxExport.META_FEATURES_HASH, FeaturesV1.HASH);
        expect(meta, OnnxExport.META_MODEL_VERSION, jvm.modelVersion());
        expect(meta, OnnxExport.META_MEMBERS, String.join(",", jvm.stacker().members()));
    }

    private static void expect(Map<String, String> meta, String key, String expected) {
        if (!expected.equals(meta.get(key))) {
            throw new IllegalArgumentException("metadata " + key + " is " + meta.get(key) + ", expected " + expected);
        }
    }

    @Override
    public Score score(double[] features) {
        final Single s = run(features);
        final double[] outputs = new double[k];
        s.members.get(0, outputs);
        return new Score(s.score.get(0), jvm.reasonsFromOutputs(features, outputs));
    }

    /** The ensemble's probability alone, without reasons (as {@link EnsembleScorer#probability}). */
    public double probability(double[] features) {
        return run(features).score.get(0);
    }

    /** Runs the graph on one vector; the outputs are in the returned thread's buffers until its next call. */
    private Single run(double[] features) {
        Checks.vectorLength(features, d);
        final Single s = single.get();
        s.input.clear();
        s.input.put(features);
        try (OrtSession.Result ignored = session.run(s.inputs, s.outputs)) {
            return s; // the outputs are pinned: ONNX Runtime wrote them into s's buffers
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score: " + e.getMessage(), e);
        }
    }

    /** The ensemble's probability for each row of {@code features}, in one ONNX Runtime call; no reasons. */
    public double[] scoreBatch(double[][] features) {
        if (features.length == 0) {
            return new double[0];
        }
        try (OnnxTensor x = tensor(features);
             OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, x), Set.of(OnnxExport.SCORE))) {
            final DoubleBuffer out = ((OnnxTensor) r.get(0)).getDoubleBuffer();
            final double[] p = new double[features.length];
            out.get(p);
            return p;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score a batch: " + e.getMessage(), e);
        }
    }

    /** Probabilities and member signals ({@code [N][k]}, stacker order) of a batch, as ONNX Runtime computes them. */
    public Outputs outputs(double[][] features) {
        try (OnnxTensor x = tensor(features); OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, x))) {
            final double[] p = new double[features.length];
            ((OnnxTensor) r.get(OnnxExport.SCORE).orElseThrow()).getDoubleBuffer().get(p);
            final DoubleBuffer m = ((OnnxTensor) r.get(OnnxExport.MEMBERS).orElseThrow()).getDoubleBuffer();
            final double[][] members = new double[features.length][k];
            for (double[] row : members) {
                m.get(row);
            }
            return new Outputs(p, members);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score a batch: " + e.getMessage(), e);
        }
    }

    /**
     * @param scores  the ensemble's probability per row
     * @param members each member's signal per row, in the stacker's member order
     */
    public record Outputs(double[] scores, double[][] members) {
    }

    private OnnxTensor tensor(double[][] features) throws OrtException {
        final DoubleBuffer buf = directDoubles(features.length * d);
        for (double[] row : features) {
            Checks.vectorLength(row, d);
            buf.put(row);
        }
        buf.flip();
        return OnnxTensor.createTensor(env, buf, new long[] {features.length, d});
    }

    @Override
    public String modelVersion() {
        return jvm.modelVersion();
    }

    @Override
    public double threshold() {
        return jvm.threshold();
    }

    /** The member names, in the order of {@link Outputs#members}. */
    /** The JVM ensemble this session was exported from (its reasons, and the base of an SGD update). */
    public EnsembleScorer ensemble() {
        return jvm;
    }

    public List<String> members() {
        return jvm.stacker().members();
    }

    @Override
    public void close() {
        Single s;
        while ((s = opened.poll()) != null) {
            s.close();
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session: " + e.getMessage(), e);
        }
    }

    private Single openSingle() {
        try {
            final Single s = new Single(env, d, k);
            opened.add(s);
            return s;
        } catch (OrtException e) {
            throw new IllegalStateException("cannot allocate ONNX Runtime tensors: " + e.getMessage(), e);
        }
    }

    private static DoubleBuffer directDoubles(int n) {
        return ByteBuffer.allocateDirect(n * Double.BYTES).order(ByteOrder.nativeOrder()).asDoubleBuffer();
    }

    /**
     * One thread's tensors for a batch of one: ONNX Runtime reads the input from, and writes the
     * outputs into, these direct buffers, so a call allocates no tensor.
     */
    private static final class Single implements AutoCloseable {
        final DoubleBuffer input;
        final DoubleBuffer score;
        final DoubleBuffer members;
        final Map<String, OnnxTensor> inputs;
        final Map<String, OnnxTensor> outputs;

        Single(OrtEnvironment env, int d, int k) throws OrtException {
            input = directDoubles(d);
            score = directDoubles(1);
            members = directDoubles(k);
            inputs = Map.of(OnnxExport.INPUT, OnnxTensor.createTensor(env, input, new long[] {1, d}));
            outputs = Map.of(OnnxExport.SCORE, OnnxTensor.createTensor(env, score, new long[] {1}),
                    OnnxExport.MEMBERS, OnnxTensor.createTensor(env, members, new long[] {1, k}));
        }

        @Override
        public void close() {
            inputs.values().forEach(OnnxTensor::close);
            outputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public String toString() {
        return "OnnxScorer[" + jvm.modelVersion() + ", members=" + members() + ", features=" + d + "]";
    }
}
