package org.fraudstream.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fraudstream.local.FeedbackLoopReplay.Learning;
import org.fraudstream.local.FeedbackLoopReplay.Result;
import org.fraudstream.local.FeedbackLoopReplay.Window;

/** A {@link FeedbackLoopReplay.Result} as a Markdown table (for docs/BENCHMARKS.md) and as JSON-ready values. */
final class FeedbackLoopReport {

    private FeedbackLoopReport() {
    }

    static String markdown(Result r) {
        final StringBuilder b = new StringBuilder();
        b.append("| steps | rows | fraud | labeled (fraud) | PR-AUC frozen | PR-AUC online | online − frozen | "
                + "updates | rejected |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Window w : r.windows()) {
            b.append(String.format(Locale.ROOT, "| %d–%d | %,d | %d | %,d (%d) | %s | %s | %s%s | %d | %d |%n",
                    w.firstStep(), w.lastStep(), w.rows(), w.frauds(), w.labeled(), w.fraudLabeled(),
                    fixed(w.prAucFrozen()), fixed(w.prAucOnline()), delta(w.prAucOnline(), w.prAucFrozen()),
                    w.onlineWorse() ? " **worse**" : "", w.updates(), w.rejections()));
        }
        b.append(String.format(Locale.ROOT, "| **all** | %,d | %d | %,d (%d) | **%s** | **%s** | %s | %d | %d |%n",
                r.rows(), r.frauds(), r.labeled(), r.windows().stream().mapToLong(Window::fraudLabeled).sum(),
                fixed(r.prAucFrozen()), fixed(r.prAucOnline()),
                delta(r.prAucOnline(), r.prAucFrozen()), r.updates(), r.rejections()));
        return b.toString();
    }

    /** One line on the windows where the online model is worse, or that there are none. */
    static String verdict(Result r) {
        final List<Window> worse = r.worseWindows();
        if (worse.isEmpty()) {
            return String.format(Locale.ROOT, "online not worse than frozen (by more than %.3f) on any window "
                    + "with fraud", FeedbackLoopReplay.WORSE_BY);
        }
        return String.format(Locale.ROOT, "online worse than frozen by more than %.3f on %d window(s): %s",
                FeedbackLoopReplay.WORSE_BY, worse.size(), worse.stream()
                        .map(w -> w.firstStep() + "–" + w.lastStep()).toList());
    }

    static Map<String, Object> result(Result r) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("frozen_version", r.frozenVersion());
        m.put("final_online_version", r.finalVersion());
        m.put("rows", r.rows());
        m.put("fraud", r.frauds());
        m.put("pr_auc_frozen", r.prAucFrozen());
        m.put("pr_auc_online", r.prAucOnline());
        m.put("labeled", r.labeled());
        m.put("labels_learned", r.labelsLearned());
        m.put("updates", r.updates());
        m.put("rejections", r.rejections());
        m.put("holds", r.holds());
        m.put("labels_dropped", r.dropped());
        m.put("worse_by", FeedbackLoopReplay.WORSE_BY);
        m.put("windows_online_worse", r.worseWindows().stream().map(Window::firstStep).toList());
        m.put("windows", r.windows().stream().map(FeedbackLoopReport::window).toList());
        return m;
    }

    static Map<String, Object> learning(Learning l) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("batch_size", l.batching().batchSize());
        m.put("max_held", l.batching().maxHeld());
        m.put("holdout_size", l.holdout().size());
        m.put("holdout_every", l.holdout().every());
        m.put("gate_metric", l.gate().metric().wireName());
        m.put("gate_tolerance", l.gate().tolerance());
        m.put("gate_min_holdout", l.gate().minHoldout());
        m.put("learning_rate", l.sgd().learningRate());
        m.put("l2", l.sgd().l2());
        m.put("epochs", l.sgd().epochs());
        m.put("step_size", l.sgd().stepSize());
        m.put("positive_weight", l.sgd().positiveWeight() > 0 ? l.sgd().positiveWeight() : "auto");
        m.put("max_positive_weight", l.sgd().maxPositiveWeight());
        return m;
    }

    private static Map<String, Object> window(Window w) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("first_step", w.firstStep());
        m.put("last_step", w.lastStep());
        m.put("rows", w.rows());
        m.put("fraud", w.frauds());
        m.put("alerts", w.alerts());
        m.put("labeled", w.labeled());
        m.put("fraud_labeled", w.fraudLabeled());
        m.put("labels_learned", w.labelsLearned());
        m.put("pr_auc_frozen", w.prAucFrozen());
        m.put("pr_auc_online", w.prAucOnline());
        m.put("online_worse", w.onlineWorse());
        m.put("updates", w.updates());
        m.put("rejections", w.rejections());
        m.put("online_version", w.onlineVersion());
        return m;
    }

    private static String fixed(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String delta(Double online, Double frozen) {
        return online == null || frozen == null ? "–" : String.format(Locale.ROOT, "%+.4f", online - frozen);
    }
}
