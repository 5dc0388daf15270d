package org.fraudstream.trainer.inspect;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fraudstream.contract.TransactionType;

/**
 * The figures of {@code eda}: class balance, fraud by type, amount quantiles (overall and of fraud),
 * step range, distinct accounts, flagged count. Printed as aligned tables or written as JSON
 * (snake_case keys; rates are fractions, not percentages).
 *
 * @param stepMin      {@code null} for a file without rows (so is {@code stepMax})
 * @param amountAll    the amount at each of {@link #PERCENTILES}; {@code null} without rows
 * @param amountFraud  the same over fraud rows; {@code null} without fraud
 */
record EdaReport(String file, long rows, long flagged, Integer stepMin, Integer stepMax, List<TypeCount> types,
                 double[] amountAll, double[] amountFraud, Distinct distinct) {

    static final int[] PERCENTILES = {0, 1, 5, 25, 50, 75, 95, 99, 100};

    /** Rows and fraud rows of one type. */
    record TypeCount(TransactionType type, long rows, long fraud) {
    }

    /** Distinct nameOrig and nameDest; {@code exact} false when either is a HyperLogLog estimate. */
    record Distinct(long nameOrig, long nameDest, boolean exact) {
    }

    long fraud() {
        return types.stream().mapToLong(TypeCount::fraud).sum();
    }

    Map<String, Object> toJson() {
        final Map<String, Object> byType = new LinkedHashMap<>();
        for (TypeCount t : types) {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("rows", t.rows());
            m.put("share", ratio(t.rows(), rows));
            m.put("fraud", t.fraud());
            m.put("fraud_rate", ratio(t.fraud(), t.rows()));
            byType.put(t.type().name(), m);
        }
        final Map<String, Object> amounts = new LinkedHashMap<>();
        amounts.put("all", percentiles(amountAll));
        amounts.put("fraud", percentiles(amountFraud));
        final Map<String, Object> accounts = new LinkedHashMap<>();
        accounts.put("name_orig", distinct.nameOrig());
        accounts.put("name_dest", distinct.nameDest());
        accounts.put("exact", distinct.exact());
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file);
        json.put("rows", rows);
        json.put("fraud", fraud());
        json.put("fraud_rate", ratio(fraud(), rows));
        json.put("legit_per_fraud", ratio(rows - fraud(), fraud()));
        json.put("flagged_fraud", flagged);
        json.put("step_min", stepMin);
        json.put("step_max", stepMax);
        json.put("by_type", byType);
        json.put("amount_quantiles", amounts);
        json.put("distinct_accounts", accounts);
        return json;
    }

    void print(PrintWriter w) {
        final long fraud = fraud();
        w.printf(Locale.ROOT, "file       %s%n", file);
        w.printf(Locale.ROOT, "rows       %,d%n", rows);
        w.printf(Locale.ROOT, "fraud      %,d (%s of rows%s)%n", fraud, percent(fraud, rows),
                fraud == 0 ? "" : String.format(Locale.ROOT, ", 1 in %,.0f", (double) rows / fraud));
        w.printf(Locale.ROOT, "flagged    %,d (isFlaggedFraud = 1)%n", flagged);
        w.printf(Locale.ROOT, "steps      %s%n", stepMin == null ? "none" : stepMin + " - " + stepMax);
        w.printf(Locale.ROOT, "accounts   %,d distinct nameOrig, %,d distinct nameDest (%s)%n", distinct.nameOrig(),
                distinct.nameDest(), distinct.exact() ? "exact" : "HyperLogLog estimate, about 0.8 %");
        w.println();
        final String row = "%-9s %13s %9s %11s %11s%n";
        w.printf(Locale.ROOT, row, "type", "rows", "share", "fraud", "fraud rate");
        for (TypeCount t : types) {
            w.printf(Locale.ROOT, row, t.type(), String.format(Locale.ROOT, "%,d", t.rows()), percent(t.rows(), rows),
                    String.format(Locale.ROOT, "%,d", t.fraud()), percent(t.fraud(), t.rows()));
        }
        w.printf(Locale.ROOT, row, "all", String.format(Locale.ROOT, "%,d", rows), percent(rows, rows),
                String.format(Locale.ROOT, "%,d", fraud), percent(fraud, rows));
        w.println();
        final String q = "%-9s %18s %18s%n";
        w.printf(Locale.ROOT, q, "amount", "all", "fraud");
        for (int i = 0; i < PERCENTILES.length; i++) {
            w.printf(Locale.ROOT, q, "p" + PERCENTILES[i], money(amountAll, i), money(amountFraud, i));
        }
        w.flush();
    }

    private static Map<String, Double> percentiles(double[] values) {
        if (values == null) {
            return null;
        }
        final Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < PERCENTILES.length; i++) {
            m.put("p" + PERCENTILES[i], values[i]);
        }
        return m;
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.3f %%", 100.0 * part / whole);
    }

    private static String money(double[] values, int i) {
        return values == null ? "-" : String.format(Locale.ROOT, "%,.2f", values[i]);
    }
}
