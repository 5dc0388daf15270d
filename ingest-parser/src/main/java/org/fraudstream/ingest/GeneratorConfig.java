package org.fraudstream.ingest;

/**
 * Parameters of {@link TrafficGenerator}.
 *
 * @param seed          the whole stream is a function of the config, this included
 * @param accounts      customer accounts (origins; a few of them act as cash agents or mules)
 * @param fraudRate     approximate share of rows that are fraud, in [0, 0.5]
 * @param eventsPerStep rows per PaySim step (hour)
 * @param driftStep     the step from which fraud takes another form (see {@link TrafficGenerator}), so that a
 *                      model trained on the earlier steps goes stale; {@link #NO_DRIFT} for none. The rows
 *                      before it are the same as without drift.
 */
public record GeneratorConfig(long seed, int accounts, double fraudRate, int eventsPerStep, int driftStep) {

    public static final int DEFAULT_ACCOUNTS = 20_000;
    public static final double DEFAULT_FRAUD_RATE = 0.002;
    public static final int DEFAULT_EVENTS_PER_STEP = 2_000;
    /** Victims, mules and agents must be distinct accounts. */
    public static final int MIN_ACCOUNTS = 10;
    /** {@link #driftStep} of a stream whose fraud never changes form. */
    public static final int NO_DRIFT = Integer.MAX_VALUE;

    public GeneratorConfig {
        if (accounts < MIN_ACCOUNTS) {
            throw new IllegalArgumentException("accounts must be >= " + MIN_ACCOUNTS + ", was " + accounts);
        }
        if (!(fraudRate >= 0 && fraudRate <= 0.5)) {
            throw new IllegalArgumentException("fraudRate must be in [0, 0.5], was " + fraudRate);
        }
        if (eventsPerStep < 1) {
            throw new IllegalArgumentException("eventsPerStep must be >= 1, was " + eventsPerStep);
        }
        if (driftStep < 0) {
            throw new IllegalArgumentException("driftStep must be >= 0, was " + driftStep);
        }
    }

    /** A stream without drift. */
    public GeneratorConfig(long seed, int accounts, double fraudRate, int eventsPerStep) {
        this(seed, accounts, fraudRate, eventsPerStep, NO_DRIFT);
    }

    public static GeneratorConfig defaults(long seed) {
        return new GeneratorConfig(seed, DEFAULT_ACCOUNTS, DEFAULT_FRAUD_RATE, DEFAULT_EVENTS_PER_STEP);
    }

    public GeneratorConfig withAccounts(int n) {
        return new GeneratorConfig(seed, n, fraudRate, eventsPerStep, driftStep);
    }

    public GeneratorConfig withFraudRate(double rate) {
        return new GeneratorConfig(seed, accounts, rate, eventsPerStep, driftStep);
    }

    public GeneratorConfig withEventsPerStep(int n) {
        return new GeneratorConfig(seed, accounts, fraudRate, n, driftStep);
    }

    public GeneratorConfig withDriftStep(int step) {
        return new GeneratorConfig(seed, accounts, fraudRate, eventsPerStep, step);
    }
}
