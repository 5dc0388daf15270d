package org.fraudstream.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The FEATURES_V1 contract: the ordered feature names, their version and hash, and the one feature
 * code path that both training (replaying a CSV in step order) and serving (the streams topology)
 * call. Both functions are pure; all math goes through {@link StrictMath} so the vectors are
 * bit-identical on every JVM and in every compilation tier.
 *
 * <p>No feature reads the text of an account id: in PaySim the id prefixes leak the label.
 *
 * <p>Changing a name, their order or any formula is a new contract version: bump {@link #VERSION}
 * (the golden test in this module pins the values so that a change cannot slip in unnoticed).
 */
public final class FeaturesV1 {

    public static final String VERSION = "FEATURES_V1";

    /** Half-life, in PaySim steps (hours), of the decayed per-account counters. */
    public static final double HALF_LIFE_STEPS = 24.0;

    /** One feature: its name and whether it is derived from the (unreliable) balance columns. */
    public record Feature(String name, boolean balanceDerived) { }

    public static final List<Feature> FEATURES = List.of(
            new Feature("type_cash_in", false),
            new Feature("type_cash_out", false),
            new Feature("type_debit", false),
            new Feature("type_payment", false),
            new Feature("type_transfer", false),
            new Feature("log_amount", false),
            new Feature("hour_sin", false),
            new Feature("hour_cos", false),
            new Feature("orig_log_amount_to_balance", true),
            new Feature("orig_drained", true),
            new Feature("orig_balance_error", true),
            new Feature("dest_balance_error", true),
            new Feature("dest_empty_before", true),
            new Feature("acct_first_seen", false),
            new Feature("acct_log_txn_count", false),
            new Feature("acct_log_steps_since_last", false),
            new Feature("acct_log_amount_to_mean", false),
            new Feature("acct_log_amount_to_last", false),
            new Feature("acct_log_decayed_count", false),
            new Feature("acct_log_decayed_amount", false),
            new Feature("acct_transfer_share", false),
            new Feature("orig_log_recv_count", false),
            new Feature("orig_log_steps_since_recv", false),
            new Feature("orig_passes_on_received", false),
            new Feature("dest_unseen", false),
            new Feature("dest_log_recv_count", false),
            new Feature("dest_log_txn_count", false),
            new Feature("dest_log_steps_since_seen", false));

    public static final List<String> NAMES = FEATURES.stream().map(Feature::name).toList();

    public static final int SIZE = FEATURES.size();

    /** SHA-256 over the version, the ordered names and the parameters; a model bundle records it. */
    public static final String HASH = sha256(VERSION + "|" + String.join(",", NAMES)
            + "|balanceDerived=" + FEATURES.stream().map(f -> f.balanceDerived() ? "1" : "0").reduce("", String::concat)
            + "|halfLifeSteps=" + HALF_LIFE_STEPS);

    private FeaturesV1() {
    }

    /**
     * The feature vector of {@code e}, given the state of its origin and of its destination account
     * before {@code e}. Callers follow one order per event (see {@link FeatureReplay#next}): first the
     * destination's state is read and {@link #receive}d into, then the origin's state is read (so a
     * self-transfer sees its own credit), the vector computed, and the origin {@link #send}s.
     *
     * @return a new array of {@link #SIZE} finite values, in {@link #NAMES} order
     */
    public static double[] compute(TransactionEvent e, AccountState orig, AccountState dest) {
        final double[] f = new double[SIZE];
        f[e.type().ordinal()] = 1.0; // the five one-hot slots follow TransactionType's order
        f[5] = StrictMath.log1p(e.amount());
        final double angle = 2.0 * StrictMath.PI * (e.step() % 24) / 24.0;
        f[6] = StrictMath.sin(angle);
        f[7] = StrictMath.cos(angle);

        f[8] = StrictMath.log1p(e.amount() / (Math.max(e.oldbalanceOrg(), 0.0) + 1.0));
        f[9] = e.oldbalanceOrg() > 0.0 && e.newbalanceOrig() == 0.0 ? 1.0 : 0.0;
        f[10] = signedLog(e.oldbalanceOrg() - e.amount() - e.newbalanceOrig());
        f[11] = signedLog(e.oldbalanceDest() + e.amount() - e.newbalanceDest());
        f[12] = e.oldbalanceDest() == 0.0 && e.newbalanceDest() == 0.0 ? 1.0 : 0.0;

        senderHistory(e, orig, f);
        receiverHistory(e, orig, f);
        destination(e, dest, f);
        return f;
    }

    /** Slots 13..20: what the origin has sent before (all 0 but the first-seen flag for a new sender). */
    private static void senderHistory(TransactionEvent e, AccountState before, double[] f) {
        if (before.isNew()) {
            f[13] = 1.0;
            return;
        }
        final double n = before.txnCount();
        final double decay = decay(before.lastStep(), e.step());
        f[14] = StrictMath.log1p(n);
        f[15] = StrictMath.log1p(Math.max(0, e.step() - before.lastStep()));
        f[16] = StrictMath.log1p(e.amount() / (before.amountSum() / n + 1.0));
        f[17] = StrictMath.log1p(e.amount() / (before.lastAmount() + 1.0));
        f[18] = StrictMath.log1p(before.decayedCount() * decay);
        f[19] = StrictMath.log1p(before.decayedAmount() * decay);
        f[20] = before.transferCount() / n;
    }

    /** Slots 21..23: what the origin has received, and whether it passes on what it just received. */
    private static void receiverHistory(TransactionEvent e, AccountState before, double[] f) {
        if (before.recvCount() == 0) {
            return;
        }
        f[21] = StrictMath.log1p(before.recvCount());
        f[22] = StrictMath.log1p(Math.max(0, e.step() - before.lastRecvStep()));
        final double hi = Math.max(e.amount(), before.lastRecvAmount());
        f[23] = hi > 0.0 ? Math.min(e.amount(), before.lastRecvAmount()) / hi : 1.0;
    }

    /** Slots 24..27: what the stream has seen of the destination (its novelty and activity). */
    private static void destination(TransactionEvent e, AccountState dest, double[] f) {
        if (dest.isUnseen()) {
            f[24] = 1.0;
            return;
        }
        f[25] = StrictMath.log1p(dest.recvCount());
        f[26] = StrictMath.log1p(dest.txnCount());
        f[27] = StrictMath.log1p(Math.max(0, e.step() - dest.lastSeenStep()));
    }

    /** The state of the origin account after it sent {@code e}. */
    public static AccountState send(AccountState before, TransactionEvent e) {
        final double decay = before.isNew() ? 0.0 : decay(before.lastStep(), e.step());
        final boolean fraudType = e.type() == TransactionType.TRANSFER || e.type() == TransactionType.CASH_OUT;
        return new AccountState(
                before.txnCount() + 1,
                Math.max(before.lastStep(), e.step()),
                e.amount(),
                before.amountSum() + e.amount(),
                before.decayedCount() * decay + 1.0,
                before.decayedAmount() * decay + e.amount(),
                before.transferCount() + (fraudType ? 1 : 0),
                before.recvCount(), before.lastRecvStep(), before.lastRecvAmount(), before.recvAmountSum());
    }

    /** The state of the destination account after it received {@code e}. */
    public static AccountState receive(AccountState before, TransactionEvent e) {
        return new AccountState(before.txnCount(), before.lastStep(), before.lastAmount(), before.amountSum(),
                before.decayedCount(), before.decayedAmount(), before.transferCount(),
                before.recvCount() + 1,
                Math.max(before.lastRecvStep(), e.step()),
                e.amount(),
                before.recvAmountSum() + e.amount());
    }

    private static double decay(int lastStep, int step) {
        final int gap = Math.max(0, step - lastStep); // out-of-order events do not grow counters
        return StrictMath.pow(0.5, gap / HALF_LIFE_STEPS);
    }

    private static double signedLog(double x) {
        return StrictMath.signum(x) * StrictMath.log1p(StrictMath.abs(x));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every JVM", ex);
        }
    }
}
