package org.fraudstream.contract;

/** One reason code of a score: which model, which feature, and how much it pushed the score. */
public record Reason(String model, String feature, double contribution) {
}
