package org.fraudstream.trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.fraudstream.contract.TransactionType;
import org.fraudstream.ingest.PaySimCsv;
import org.fraudstream.ingest.PaySimRow;

/**
 * PaySim-like rows generated for the tests. Customers pay merchants, cash in and out and transfer
 * to each other with consistent balances. Fraud is PaySim's drain-to-mule pattern: a TRANSFER of
 * a victim's whole balance to a mule ({@code newbalanceOrig == 0}), followed within the step by
 * the mule's CASH_OUT of the same amount; both rows are labelled fraud.
 */
final class PaySimFixture {

    private static final int CUSTOMERS = 400;
    private static final int MULES = 20;

    private final SplittableRandom rnd;
    private final double[] balance = new double[CUSTOMERS];
    private final double[] typical = new double[CUSTOMERS];
    private final double[] muleBalance = new double[MULES];
    private final Deque<PaySimRow> pending = new ArrayDeque<>();

    private PaySimFixture(long seed) {
        rnd = new SplittableRandom(seed);
        for (int c = 0; c < CUSTOMERS; c++) {
            typical[c] = Math.exp(4.0 + 2.0 * rnd.nextDouble());
            balance[c] = typical[c] * (5 + 20 * rnd.nextDouble());
        }
    }

    /** {@code steps * rowsPerStep} rows in step order; about {@code fraudRate} of them fraud. */
    static List<PaySimRow> rows(int steps, int rowsPerStep, double fraudRate, long seed) {
        final PaySimFixture f = new PaySimFixture(seed);
        final List<PaySimRow> rows = new ArrayList<>(steps * rowsPerStep);
        for (int step = 0; step < steps; step++) {
            for (int k = 0; k < rowsPerStep; k++) {
                rows.add(f.next(step, fraudRate));
            }
        }
        return rows;
    }

    static Path write(Path file, List<PaySimRow> rows) throws IOException {
        PaySimCsv.write(file, rows.iterator(), rows.size());
        return file;
    }

    private PaySimRow next(int step, double fraudRate) {
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        if (rnd.nextDouble() < fraudRate / 2) {
            final PaySimRow drain = drain(step);
            if (drain != null) {
                return drain;
            }
        }
        return normal(step);
    }

    private PaySimRow drain(int step) {
        final int victim = rnd.nextInt(CUSTOMERS);
        final double amount = round(balance[victim]);
        if (amount < 1000) {
            return null;
        }
        final int mule = rnd.nextInt(MULES);
        final double muleBefore = muleBalance[mule];
        balance[victim] = 0.0;
        pending.add(new PaySimRow(step, TransactionType.CASH_OUT, amount, mule(mule), round(muleBefore + amount),
                round(muleBefore), "M" + (9000 + mule), 0.0, 0.0, true, false));
        return new PaySimRow(step, TransactionType.TRANSFER, amount, customer(victim), amount, 0.0, mule(mule),
                round(muleBefore), round(muleBefore + amount), true, amount > 200_000);
    }

    private PaySimRow normal(int step) {
        final int c = rnd.nextInt(CUSTOMERS);
        final double u = rnd.nextDouble();
        final TransactionType type = u < 0.35 ? TransactionType.PAYMENT : u < 0.6 ? TransactionType.CASH_OUT
                : u < 0.85 ? TransactionType.CASH_IN : u < 0.95 ? TransactionType.TRANSFER : TransactionType.DEBIT;
        double amount = round(typical[c] * Math.exp(0.5 * rnd.nextGaussian()));
        final double before = balance[c];
        if (type == TransactionType.CASH_IN) {
            balance[c] = before + amount;
        } else {
            amount = Math.min(amount, Math.max(1.0, round(before * 0.8)));
            balance[c] = Math.max(0.0, before - amount);
        }
        if (type == TransactionType.TRANSFER) {
            final int to = rnd.nextInt(CUSTOMERS);
            final double toBefore = balance[to];
            balance[to] = toBefore + amount;
            return new PaySimRow(step, type, amount, customer(c), round(before), round(balance[c]), customer(to),
                    round(toBefore), round(balance[to]), false, false);
        }
        final String dest = type == TransactionType.PAYMENT ? "M" + rnd.nextInt(5000) : "C" + (800_000 + rnd.nextInt(50));
        return new PaySimRow(step, type, amount, customer(c), round(before), round(balance[c]), dest, 0.0, 0.0,
                false, false);
    }

    private static String customer(int c) {
        return "C" + (100_000 + c);
    }

    private static String mule(int m) {
        return "C" + (700_000 + m);
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
