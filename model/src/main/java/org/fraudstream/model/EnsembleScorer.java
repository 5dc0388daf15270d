package org.fraudstream.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fraudstream.contract.Reason;

/**
 * The scorer the stream runs: every member's signal, combined by the {@link Stacker} into a fraud
 * probability, with reason codes that say which models drove the score and, within each, which
 * features: the members ordered by their share of the log-odds, then up to
 * {@value #REASONS_PER_MEMBER} reasons of each member whose share is positive, {@value #MAX_REASONS}
 * in all (the first member's reasons always, so every score has an explanation where its models
 * give one; a member that drives the score alone gives all {@value #MAX_REASONS}). Below the
 * threshold only the leading member explains the score. Immutable and thread-safe; {@link #withSgd} builds the scorer for a new SGD version.
 */
public final class EnsembleScorer implements Scorer {

    public static final int MAX_REASONS = 3;
    public static final int REASONS_PER_MEMBER = 2;

    private final EnsembleMember[] members;
    private final Stacker stacker;
    private final String modelVersion;
    private final double threshold;

    public EnsembleScorer(List<EnsembleMember> members, Stacker stacker, String modelVersion, double threshold) {
        this.members = members.toArray(EnsembleMember[]::new);
        this.stacker = Objects.requireNonNull(stacker, "stacker");
        if (!stacker.members().equals(members.stream().map(EnsembleMember::name).toList())) {
            throw new IllegalArgumentException("stacker members " + stacker.members() + " differ from the models "
                    + members.stream().map(EnsembleMember::name).toList());
        }
        if (!(threshold >= 0.0 && threshold <= 1.0)) { // also rejects NaN
            throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
        }
        this.modelVersion = Objects.requireNonNull(modelVersion, "modelVersion");
        this.threshold = threshold;
    }

    @Override
    public Score score(double[] features) {
        final double[] share = new double[members.length];
        double z = stacker.bias();
        for (int j = 0; j < members.length; j++) {
            share[j] = stacker.contribution(j, members[j].output(features));
            z += share[j];
        }
        final double p = LogisticModel.sigmoid(z);
        return new Score(p, reasons(features, share, p >= threshold));
    }

    /** The ensemble's probability alone, without reasons (evaluation, benchmarks). */
    public double probability(double[] features) {
        double z = stacker.bias();
        for (int j = 0; j < members.length; j++) {
            z += stacker.contribution(j, members[j].output(features));
        }
        return LogisticModel.sigmoid(z);
    }

    /**
     * The reasons of a score whose member signals were computed elsewhere (another runtime):
     * {@code outputs[j]} is member {@code j}'s signal for {@code features}, as {@link #outputs} gives it.
     */
    List<Reason> reasonsFromOutputs(double[] features, double[] outputs) {
        final double[] share = new double[members.length];
        for (int j = 0; j < members.length; j++) {
            share[j] = stacker.contribution(j, outputs[j]);
        }
        return reasons(features, share, stacker.probability(outputs) >= threshold);
    }

    /**
     * An alert is explained by every model that pushed it up; any other score by its leading model
     * alone (the reasons of a forest or an autoencoder cost about as much as their score, and every
     * event gets reasons).
     */
    private List<Reason> reasons(double[] features, double[] share, boolean alert) {
        final int[] all = driving(share);
        final int[] order = alert ? all : java.util.Arrays.copyOf(all, Math.min(1, all.length));
        final List<Reason> out = new ArrayList<>(MAX_REASONS);
        for (int r = 0; r < order.length && out.size() < MAX_REASONS; r++) {
            // a member that drives the score alone explains it alone
            final int k = order.length == 1 ? MAX_REASONS : Math.min(REASONS_PER_MEMBER, MAX_REASONS - out.size());
            out.addAll(members[order[r]].reasons(features, k));
        }
        return out;
    }

    /** The members that drove the score, largest share first: the largest always, the others when positive. */
    private int[] driving(double[] share) {
        final int[] order = new int[members.length];
        int n = 0;
        final boolean[] used = new boolean[members.length];
        while (n < members.length) {
            int best = -1;
            for (int j = 0; j < members.length; j++) {
                if (!used[j] && stacker.weight(j) != 0.0 && (best < 0 || share[j] > share[best])) {
                    best = j;
                }
            }
            if (best < 0 || (n > 0 && !(share[best] > 0.0))) {
                break;
            }
            used[best] = true;
            order[n++] = best;
        }
        return java.util.Arrays.copyOf(order, n);
    }

    /** Each member's signal for {@code features}, in member order (evaluation, per-model metrics). */
    public double[] outputs(double[] features) {
        final double[] o = new double[members.length];
        for (int j = 0; j < members.length; j++) {
            o[j] = members[j].output(features);
        }
        return o;
    }

    public List<EnsembleMember> members() {
        return List.of(members);
    }

    public Stacker stacker() {
        return stacker;
    }

    /** The same ensemble with its SGD member replaced (an online update), under a new version. */
    public EnsembleScorer withSgd(SgdMember sgd, String version) {
        final List<EnsembleMember> next = new ArrayList<>(List.of(members));
        final int j = stacker.members().indexOf(SgdMember.NAME);
        if (j < 0) {
            throw new IllegalStateException("this ensemble has no " + SgdMember.NAME + " member to update");
        }
        next.set(j, sgd);
        return new EnsembleScorer(next, stacker, version, threshold);
    }

    @Override
    public String modelVersion() {
        return modelVersion;
    }

    @Override
    public double threshold() {
        return threshold;
    }
}
