package org.fraudstream.local;

import java.util.ArrayList;
import java.util.List;
import org.fraudstream.model.LogisticModel;
import org.fraudstream.model.ModelUpdate;
import org.fraudstream.updater.HoldoutBuffer;
import org.fraudstream.updater.LabeledExample;
import org.fraudstream.updater.OnlineSgd;
import org.fraudstream.updater.PromotionGate;

/**
 * The online updater's learner without Kafka, for replays: labels in, accepted SGD versions out. It
 * drives {@link OnlineSgd}, {@link HoldoutBuffer} and {@link PromotionGate} as the service's
 * TrainerProcessor does: every {@code holdout.every}-th label to the rolling holdout, the others to
 * the batch; a full batch is fitted from the current model and the gate compares candidate and
 * current on the holdout; a batch that cannot be fitted yet (holdout below its minimum, one class
 * only) is held and tried again one batch size of labels later; held labels beyond
 * {@code batching.maxHeld} are dropped oldest first.
 *
 * <p>What the service does and this does not: the wall-clock max wait (a replay has no wall clock,
 * so batches are fitted by size only, which is what the service does when labels come faster than a
 * batch per max wait), the state store, and the rollbacks read from model-updates.
 */
final class ReplayLearner {

    private final FeedbackLoopReplay.Learning learning;
    private final OnlineSgd sgd;
    private final PromotionGate gate;
    private final HoldoutBuffer holdout;
    private final List<LabeledExample> batch = new ArrayList<>();
    private LogisticModel current;
    private String version;
    private int batchTarget;
    private long labelsSeen;
    private int updates;
    private int rejections;
    private int holds;
    private long dropped;

    ReplayLearner(LogisticModel start, String startVersion, int[] frozenFeatures,
                  FeedbackLoopReplay.Learning learning) {
        this.learning = learning;
        this.sgd = new OnlineSgd(learning.sgd(), frozenFeatures);
        this.gate = new PromotionGate(learning.gate());
        this.holdout = new HoldoutBuffer(learning.holdout().size());
        this.current = start;
        this.version = startVersion;
        this.batchTarget = learning.batching().batchSize();
    }

    /** Learns one label; true when it made a new version current. */
    boolean learn(LabeledExample e) {
        labelsSeen++;
        if (labelsSeen % learning.holdout().every() == 0) {
            holdout.add(e);
            return false;
        }
        batch.add(e);
        return batch.size() >= batchTarget && attempt();
    }

    private boolean attempt() {
        if (!gate.ready(holdout)) {
            hold();
            return false;
        }
        final double[][] x = new double[batch.size()][];
        final boolean[] y = new boolean[batch.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = batch.get(i).features();
            y[i] = batch.get(i).fraud();
        }
        final OnlineSgd.FitResult result = sgd.partialFit(current, x, y);
        if (result instanceof OnlineSgd.Skipped) {
            hold();
            return false;
        }
        final OnlineSgd.Fitted fit = (OnlineSgd.Fitted) result;
        final PromotionGate.Verdict verdict = gate.evaluate(fit.model(), current, holdout);
        batch.clear();
        batchTarget = learning.batching().batchSize();
        if (!verdict.accepted()) {
            rejections++;
            return false;
        }
        updates++;
        current = fit.model();
        version = "sgd-online-" + updates + "-" + ModelUpdate.shortHash(current); // as the service names them
        return true;
    }

    private void hold() {
        holds++;
        batchTarget = batch.size() + learning.batching().batchSize();
        final int overflow = batch.size() - learning.batching().maxHeld();
        if (overflow > 0) {
            batch.subList(0, overflow).clear();
            dropped += overflow;
        }
    }

    LogisticModel current() {
        return current;
    }

    String version() {
        return version;
    }

    long labelsSeen() {
        return labelsSeen;
    }

    int updates() {
        return updates;
    }

    int rejections() {
        return rejections;
    }

    /** Fits put off: holdout too small or one class only. */
    int holds() {
        return holds;
    }

    long dropped() {
        return dropped;
    }
}
