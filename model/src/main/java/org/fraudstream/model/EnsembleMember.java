package org.fraudstream.model;

import java.util.List;
import org.fraudstream.contract.Reason;

/**
 * One model of the ensemble, as the ensemble sees it: a signal per vector (higher is more
 * suspicious) and the features that drove it. Implementations are immutable and thread-safe;
 * {@link #output} runs once per event on the hot path and allocates nothing.
 */
public interface EnsembleMember {

    /** The name in reason codes and in the bundle, e.g. {@code sgd}, {@code iforest}. */
    String name();

    /** The member's signal for {@code x} (FEATURES_V1 order); higher means more suspicious. */
    double output(double[] x);

    /** At most {@code k} features that drove {@link #output} up for {@code x}, largest first. */
    List<Reason> reasons(double[] x, int k);
}
