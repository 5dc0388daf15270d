package org.fraudstream.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training side of the one feature code path: events replayed in step order through
 * {@link FeaturesV1#receive}, {@link FeaturesV1#compute} and {@link FeaturesV1#send}, with
 * per-account state held in memory exactly as the streams topology holds it in its store (where
 * the destination's step runs in the partition of the destination account, the rest in the
 * partition of the origin account).
 *
 * <p>Order: events are sorted by step; events within a step keep their input order (a stable
 * sort). The topology sees each account's events in produce order, which the replay tool makes
 * the same order, so both paths see the same per-account history.
 */
public final class FeatureReplay {

    private final Map<String, AccountState> state = new HashMap<>();

    /** Features of {@code e} given everything replayed so far; then {@code e} joins the history. */
    public double[] next(TransactionEvent e) {
        final AccountState dest = state.getOrDefault(e.nameDest(), AccountState.EMPTY);
        state.put(e.nameDest(), FeaturesV1.receive(dest, e));
        final AccountState orig = state.getOrDefault(e.nameOrig(), AccountState.EMPTY);
        final double[] features = FeaturesV1.compute(e, orig, dest);
        state.put(e.nameOrig(), FeaturesV1.send(orig, e));
        return features;
    }


    /** Sorts {@code events} into replay order: by step, ties kept in input order. */
    public static List<TransactionEvent> inStepOrder(List<TransactionEvent> events) {
        final List<TransactionEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingInt(TransactionEvent::step)); // List.sort is stable
        return sorted;
    }

    /** Features of every event, in step order (row i belongs to {@code inStepOrder(events).get(i)}). */
    public static double[][] replay(List<TransactionEvent> events) {
        final FeatureReplay replay = new FeatureReplay();
        return inStepOrder(events).stream().map(replay::next).toArray(double[][]::new);
    }
}
