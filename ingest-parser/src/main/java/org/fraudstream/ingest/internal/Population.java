package org.fraudstream.ingest.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.fraudstream.contract.TransactionType;

/**
 * The accounts of a synthetic PaySim-like world and their habits. Customer ids are "C" and 9-10
 * digits, merchant ids "M" and 9-10 digits; mules and cash agents are ordinary customers, so no id
 * text says who is who. Balances are held in cents so that they stay exact. Not thread-safe.
 */
public final class Population {

    /** PaySim's type mix, in {@link TransactionType} order: CASH_IN, CASH_OUT, DEBIT, PAYMENT, TRANSFER. */
    private static final double[] TYPE_MIX = {0.22, 0.35, 0.0065, 0.34, 0.0835};
    private static final double MEDIAN_AMOUNT = 3_000.0;
    private static final long ID_LOW = 100_000_000L;
    private static final long ID_SPAN = 9_900_000_000L;

    /** One customer: balance and habits (typical amount, lognormal; preferred types). */
    public static final class Account {
        public final String id;
        public long balanceCents;
        final double logMedianAmount;
        final double sigma;
        final double[] typeCdf;

        Account(String id, long balanceCents, double logMedianAmount, double sigma, double[] typeCdf) {
            this.id = id;
            this.balanceCents = balanceCents;
            this.logMedianAmount = logMedianAmount;
            this.sigma = sigma;
            this.typeCdf = typeCdf;
        }
    }

    private final SplittableRandom rng;
    private final Account[] customers;
    private final double[] activityCdf;
    private final String[] merchants;
    private final int agentCount;
    private final int muleCount;
    private final Set<String> ids = new HashSet<>();

    public Population(SplittableRandom rng, int accounts) {
        this.rng = rng;
        this.customers = new Account[accounts];
        this.activityCdf = new double[accounts];
        double cumulative = 0;
        for (int i = 0; i < accounts; i++) {
            customers[i] = newCustomer();
            cumulative += StrictMath.exp(gaussian());
            activityCdf[i] = cumulative;
        }
        // The first accounts serve as cash agents, the next ones as mules; both also behave normally.
        this.agentCount = Math.max(2, accounts / 50);
        this.muleCount = Math.max(2, accounts / 100);
        for (int i = 0; i < agentCount; i++) {
            customers[i].balanceCents = cents(StrictMath.exp(StrictMath.log(2_000_000.0) + gaussian()));
        }
        this.merchants = new String[Math.max(10, accounts / 10)];
        for (int i = 0; i < merchants.length; i++) {
            merchants[i] = uniqueId("M");
        }
    }

    /** An origin account, drawn by activity (a few accounts are much busier than most). */
    public Account active() {
        final double u = rng.nextDouble() * activityCdf[activityCdf.length - 1];
        int lo = 0;
        int hi = activityCdf.length - 1;
        while (lo < hi) {
            final int mid = (lo + hi) >>> 1;
            if (activityCdf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return customers[lo];
    }

    public Account anyCustomerBut(Account not) {
        Account a;
        do {
            a = customers[rng.nextInt(customers.length)];
        } while (a == not);
        return a;
    }

    public Account agentBut(Account not) {
        Account a;
        do {
            a = customers[rng.nextInt(agentCount)];
        } while (a == not);
        return a;
    }

    public Account mule() {
        return customers[agentCount + rng.nextInt(muleCount)];
    }

    /** A customer who is neither agent nor mule, drawn uniformly. */
    public Account possibleVictim() {
        return customers[agentCount + muleCount + rng.nextInt(customers.length - agentCount - muleCount)];
    }

    public String merchant() {
        return merchants[rng.nextInt(merchants.length)];
    }

    public TransactionType preferredType(Account a) {
        final double u = rng.nextDouble();
        for (int t = 0; t < a.typeCdf.length; t++) {
            if (u < a.typeCdf[t]) {
                return TransactionType.values()[t];
            }
        }
        return TransactionType.values()[a.typeCdf.length - 1];
    }

    /** An amount typical of {@code a}, in cents, at least one cent. */
    public long typicalAmountCents(Account a) {
        return Math.max(1, cents(StrictMath.exp(a.logMedianAmount + a.sigma * gaussian())));
    }

    private Account newCustomer() {
        final double logMedian = StrictMath.log(MEDIAN_AMOUNT) + 1.2 * gaussian();
        final double sigma = 0.3 + 0.7 * rng.nextDouble();
        final long balance = rng.nextDouble() < 0.1 ? 0 : cents(StrictMath.exp(logMedian + StrictMath.log(10) + gaussian()));
        return new Account(uniqueId("C"), balance, logMedian, sigma, typeCdf());
    }

    private double[] typeCdf() {
        final double[] w = new double[TYPE_MIX.length];
        double sum = 0;
        for (int t = 0; t < w.length; t++) {
            w[t] = TYPE_MIX[t] * StrictMath.exp(gaussian());
            sum += w[t];
        }
        double cumulative = 0;
        for (int t = 0; t < w.length; t++) {
            cumulative += w[t] / sum;
            w[t] = cumulative;
        }
        return w;
    }

    private String uniqueId(String prefix) {
        String id;
        do {
            id = prefix + (ID_LOW + rng.nextLong(ID_SPAN));
        } while (!ids.add(id));
        return id;
    }

    /** Standard normal by Box-Muller, spelled out so that the stream does not depend on the JDK version. */
    public double gaussian() {
        final double u1 = 1.0 - rng.nextDouble(); // in (0, 1]
        final double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }

    public double uniform() {
        return rng.nextDouble();
    }

    public static long cents(double amount) {
        return Math.round(amount * 100.0);
    }
}
