package org.fraudstream.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fraudstream.contract.Reason;

/**
 * The SGD logistic model as an ensemble member: its signal is the log-odds, its reasons the
 * largest positive contributions {@code w_i * (x_i - mean_i) / scale_i} to them.
 */
public final class SgdMember implements EnsembleMember {

    public static final String NAME = "sgd";

    private final LogisticModel model;
    private final double[] weights;
    private final double[] mean;
    private final double[] scale;
    private final double bias;
    private final List<String> names;

    public SgdMember(LogisticModel model, List<String> featureNames) {
        this.model = Objects.requireNonNull(model, "model");
        if (featureNames.size() != model.size()) {
            throw new IllegalArgumentException("model has " + model.size() + " weights but " + featureNames.size()
                    + " feature names were given");
        }
        this.weights = model.weights();
        this.mean = model.mean();
        this.scale = model.scale();
        this.bias = model.bias();
        this.names = List.copyOf(featureNames);
    }

    public LogisticModel model() {
        return model;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double output(double[] x) {
        if (x.length != weights.length) {
            throw new IllegalArgumentException("expected " + weights.length + " features, got " + x.length);
        }
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * ((x[i] - mean[i]) / scale[i]);
        }
        return z;
    }

    @Override
    public List<Reason> reasons(double[] x, int k) {
        final int[] top = new int[k];
        final double[] c = new double[k];
        int n = 0;
        for (int i = 0; i < weights.length; i++) {
            final double ci = weights[i] * ((x[i] - mean[i]) / scale[i]);
            if (!(ci > 0.0) || (n == k && ci <= c[k - 1])) {
                continue; // only positive contributions; ties keep the earlier feature
            }
            int at = n == k ? k - 1 : n++;
            while (at > 0 && c[at - 1] < ci) {
                top[at] = top[at - 1];
                c[at] = c[at - 1];
                at--;
            }
            top[at] = i;
            c[at] = ci;
        }
        final List<Reason> out = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            out.add(new Reason(NAME, names.get(top[j]), c[j]));
        }
        return out;
    }
}
