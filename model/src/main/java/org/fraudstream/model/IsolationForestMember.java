package org.fraudstream.model;

import java.util.List;
import org.fraudstream.contract.Reason;

/** The Isolation Forest as an ensemble member: its anomaly score, and the features on its isolating paths. */
public final class IsolationForestMember implements EnsembleMember {

    private final IsolationForest forest;

    public IsolationForestMember(IsolationForestModel model) {
        this.forest = new IsolationForest(model);
    }

    public IsolationForestModel model() {
        return forest.model();
    }

    @Override
    public String name() {
        return IsolationForest.MODEL_NAME;
    }

    @Override
    public double output(double[] x) {
        return forest.score(x);
    }

    @Override
    public List<Reason> reasons(double[] x, int k) {
        return forest.reasons(x, k);
    }
}
