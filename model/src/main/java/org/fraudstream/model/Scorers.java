package org.fraudstream.model;

import java.util.Locale;

/**
 * Picks the runtime that scores a model: {@value #JVM} (the default: the ensemble's own Java code)
 * or {@value #ONNX} (the same ensemble exported to ONNX and run by ONNX Runtime, reasons from the
 * JVM members). The scoring app passes its {@code FRAUD_SCORER} setting here.
 */
public final class Scorers {

    public static final String JVM = "jvm";
    public static final String ONNX = "onnx";

    private Scorers() {
    }

    /**
     * The scorer of {@code bundle} on {@code runtime}.
     *
     * @param runtime {@value #JVM} or {@value #ONNX}, any case; {@code null} or blank means {@value #JVM}
     * @return for {@value #ONNX} an {@link OnnxScorer}, which holds a native session: close it when
     *         it is replaced
     * @throws IllegalArgumentException for any other runtime
     */
    public static Scorer forBundle(ModelBundle bundle, String runtime) {
        return forEnsemble(bundle.ensemble(), runtime);
    }

    /** As {@link #forBundle}, for an ensemble built in memory (e.g. after an online SGD update). */
    public static Scorer forEnsemble(EnsembleScorer ensemble, String runtime) {
        final String r = runtime == null || runtime.isBlank() ? JVM : runtime.trim().toLowerCase(Locale.ROOT);
        return switch (r) {
            case JVM -> ensemble;
            case ONNX -> OnnxScorer.of(ensemble);
            default -> throw new IllegalArgumentException("unknown scorer runtime '" + runtime + "': expected "
                    + JVM + " or " + ONNX);
        };
    }
}
