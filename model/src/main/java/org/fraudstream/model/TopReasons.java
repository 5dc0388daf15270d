package org.fraudstream.model;

import java.util.ArrayList;
import java.util.List;
import org.fraudstream.contract.Reason;

/** Picks reason codes: the largest positive per-feature contributions, largest first. */
final class TopReasons {

    private TopReasons() {
    }

    /**
     * The (at most) {@code k} largest positive {@code contribution[i]} as reasons of {@code model};
     * ties keep the lower index. O(k d), which beats sorting for the few reasons asked for.
     */
    static List<Reason> of(double[] contribution, int k, String[] names, String model) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, was " + k);
        }
        final List<Reason> out = new ArrayList<>(Math.min(k, contribution.length));
        final boolean[] taken = new boolean[contribution.length];
        for (int r = 0; r < k; r++) {
            int best = -1;
            for (int i = 0; i < contribution.length; i++) {
                if (!taken[i] && contribution[i] > 0.0 && (best < 0 || contribution[i] > contribution[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            out.add(new Reason(model, names[best], contribution[best]));
        }
        return List.copyOf(out);
    }
}
