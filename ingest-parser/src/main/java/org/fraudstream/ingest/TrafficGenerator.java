package org.fraudstream.ingest;

import java.util.Comparator;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.fraudstream.contract.TransactionType;
import org.fraudstream.ingest.internal.Population;
import org.fraudstream.ingest.internal.Population.Account;

/**
 * An endless, seeded stream of PaySim-like rows: the same {@link GeneratorConfig} gives the same rows.
 * The step starts at 0 and advances every {@code eventsPerStep} rows.
 *
 * <p>Normal traffic: each customer has a typical amount (lognormal) and preferred types; balances
 * are tracked (outgoing: {@code newbalanceOrig = oldbalanceOrg - amount}, incoming the reverse),
 * with occasional overdrafts and rare legitimate account drains. PAYMENTs go to merchants, whose
 * balances PaySim does not report (0, 0). Fraud: a TRANSFER that drains a victim to a mule
 * ({@code amount == oldbalanceOrg}, {@code newbalanceOrig == 0}), then within 0-2 steps the mule's
 * CASH_OUT of the same amount; both rows are {@code isFraud}. About {@code fraudRate} of rows are fraud
 * (as long as {@code eventsPerStep} is not tiny; the cash-out is placed in the first half of its step).
 * {@code isFlaggedFraud} follows PaySim's rule: fraud transfers above 200,000.
 *
 * <p>Drift ({@link GeneratorConfig#driftStep()}): from that step on, new fraud is an account takeover
 * instead: the fraudster spends 30-90% of a victim's balance in one PAYMENT to a merchant (no mule, no
 * cash-out, the account not emptied), about {@code fraudRate} of rows. A model that learned the
 * drain-and-cash-out pattern, where PAYMENTs are never fraud, ranks these rows among the harmless; what
 * sets them apart (a payment far above the account's usual amounts) is there to be learned from labels.
 * Cash-outs of drains begun before the drift step still follow.
 */
public final class TrafficGenerator implements Iterator<PaySimRow> {

    private static final double OVERDRAFT_RATE = 0.05;
    private static final double LEGIT_DRAIN_RATE = 0.001;
    private static final long MIN_VICTIM_BALANCE_CENTS = 100_000;
    private static final long FLAG_THRESHOLD_CENTS = 20_000_000;
    private static final int VICTIM_TRIES = 8;
    private static final double TAKEOVER_MIN_SHARE = 0.3;
    private static final double TAKEOVER_MAX_SHARE = 0.9;

    private record CashOut(long dueIndex, long seq, Account mule, long amountCents) { }

    private final GeneratorConfig cfg;
    private final Population world;
    private final PriorityQueue<CashOut> pending = new PriorityQueue<>(
            Comparator.comparingLong(CashOut::dueIndex).thenComparingLong(CashOut::seq));
    private long index;
    private long episodes;

    public TrafficGenerator(GeneratorConfig cfg) {
        this.cfg = cfg;
        this.world = new Population(new SplittableRandom(cfg.seed()), cfg.accounts());
    }

    /** Always true: the stream is endless. */
    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public PaySimRow next() {
        final int step = (int) (index / cfg.eventsPerStep());
        final CashOut due = pending.peek();
        PaySimRow row = null;
        if (due != null && due.dueIndex() <= index) {
            row = cashOut(pending.poll(), step);
        } else if (step >= cfg.driftStep()) {
            row = world.uniform() < cfg.fraudRate() ? takeover(step) : null; // one fraud row per episode
        } else if (world.uniform() < cfg.fraudRate() / 2) { // two fraud rows per episode
            row = drain(step);
        }
        if (row == null) {
            row = normal(step);
        }
        index++;
        return row;
    }

    private PaySimRow normal(int step) {
        final Account orig = world.active();
        TransactionType type = world.preferredType(orig);
        long amount = world.typicalAmountCents(orig);
        if (type != TransactionType.CASH_IN) {
            if ((type == TransactionType.TRANSFER || type == TransactionType.CASH_OUT)
                    && orig.balanceCents > 0 && world.uniform() < LEGIT_DRAIN_RATE) {
                amount = orig.balanceCents; // people do empty their accounts now and then
            } else if (amount > orig.balanceCents && world.uniform() >= OVERDRAFT_RATE) {
                if (orig.balanceCents >= 200) {
                    amount = Math.max(1, Math.round(orig.balanceCents * (0.05 + 0.9 * world.uniform())));
                } else {
                    type = TransactionType.CASH_IN; // broke: tops up instead
                }
            }
        }
        return switch (type) {
            case CASH_IN -> move(step, type, amount, orig, world.agentBut(orig), -1, false);
            case CASH_OUT, DEBIT -> move(step, type, amount, orig, world.agentBut(orig), 1, false);
            case TRANSFER -> move(step, type, amount, orig, world.anyCustomerBut(orig), 1, false);
            case PAYMENT -> payment(step, amount, orig, false);
        };
    }

    private PaySimRow drain(int step) {
        for (int i = 0; i < VICTIM_TRIES; i++) {
            final Account victim = world.possibleVictim();
            if (victim.balanceCents >= MIN_VICTIM_BALANCE_CENTS) {
                final Account mule = world.mule();
                final long amount = victim.balanceCents;
                pending.add(new CashOut(dueIndex(step), episodes++, mule, amount));
                return move(step, TransactionType.TRANSFER, amount, victim, mule, 1, true);
            }
        }
        return null;
    }

    /** The drifted fraud: a payment of a large part of a victim's balance (see the class comment). */
    private PaySimRow takeover(int step) {
        for (int i = 0; i < VICTIM_TRIES; i++) {
            final Account victim = world.possibleVictim();
            if (victim.balanceCents >= MIN_VICTIM_BALANCE_CENTS) {
                final double share = TAKEOVER_MIN_SHARE + (TAKEOVER_MAX_SHARE - TAKEOVER_MIN_SHARE) * world.uniform();
                return payment(step, Math.max(1, Math.round(victim.balanceCents * share)), victim, true);
            }
        }
        return null;
    }

    /** A row index 0-2 steps ahead, in the first half of its step so a small backlog cannot push it out. */
    private long dueIndex(int step) {
        final long perStep = cfg.eventsPerStep();
        final long half = Math.max(1, perStep / 2);
        long dueStep = step + (long) (world.uniform() * 3);
        if (index + 1 >= dueStep * perStep + half) {
            dueStep = step + 1;
        }
        final long first = Math.max(index + 1, dueStep * perStep);
        final long last = dueStep * perStep + half - 1;
        return first + (long) (world.uniform() * (last - first + 1));
    }

    private PaySimRow cashOut(CashOut c, int step) {
        return move(step, TransactionType.CASH_OUT, c.amountCents(), c.mule(), world.agentBut(c.mule()), 1, true);
    }

    /** Money moves by {@code amount}: out of {@code orig} and into {@code dest} when direction is 1, else the reverse. */
    private PaySimRow move(int step, TransactionType type, long amount, Account orig, Account dest, int direction,
            boolean fraud) {
        final long oldOrig = orig.balanceCents;
        final long oldDest = dest.balanceCents;
        orig.balanceCents = oldOrig - direction * amount;
        dest.balanceCents = oldDest + direction * amount;
        final boolean flagged = fraud && type == TransactionType.TRANSFER && amount > FLAG_THRESHOLD_CENTS;
        return new PaySimRow(step, type, money(amount), orig.id, money(oldOrig), money(orig.balanceCents),
                dest.id, money(oldDest), money(dest.balanceCents), fraud, flagged);
    }

    private PaySimRow payment(int step, long amount, Account orig, boolean fraud) {
        final long old = orig.balanceCents;
        orig.balanceCents = old - amount;
        return new PaySimRow(step, TransactionType.PAYMENT, money(amount), orig.id, money(old),
                money(orig.balanceCents), world.merchant(), 0.0, 0.0, fraud, false);
    }

    private static double money(long cents) {
        return cents / 100.0;
    }
}
