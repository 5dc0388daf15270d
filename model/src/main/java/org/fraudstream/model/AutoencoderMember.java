package org.fraudstream.model;

import java.util.List;
import org.fraudstream.contract.Reason;

/**
 * The autoencoder as an ensemble member: its signal is {@code err / (err + threshold)} (0.5 at the
 * p99 reconstruction error of held-out normal traffic), its reasons the features it rebuilt worst.
 */
public final class AutoencoderMember implements EnsembleMember {

    private final Autoencoder autoencoder;

    public AutoencoderMember(AutoencoderModel model) {
        this.autoencoder = new Autoencoder(model);
    }

    public AutoencoderModel model() {
        return autoencoder.model();
    }

    @Override
    public String name() {
        return Autoencoder.MODEL_NAME;
    }

    @Override
    public double output(double[] x) {
        return autoencoder.score(x);
    }

    @Override
    public List<Reason> reasons(double[] x, int k) {
        return autoencoder.reasons(x, k);
    }
}
