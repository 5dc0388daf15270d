package org.fraudstream.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.fraudstream.contract.JsonSerde;

/**
 * One version of the SGD part of the model, as published on the compacted {@code model-updates}
 * topic under the key {@value #KEY} (model_update_v1, {@code schemas/model_update_v1.json}).
 * The online updater writes one per accepted update and per rollback; the scoring app swaps the
 * SGD part of its ensemble for {@link #toLogisticModel()}.
 *
 * @param version         unique name of this version, e.g. {@code sgd-online-3-1a2b3c4d}; letters,
 *                        digits, {@code . _ -}, at most 128 characters (it is also a file name)
 * @param parentVersion   the version this one was derived from; {@code null} for a root (a trained bundle)
 * @param createdAt       ISO-8601 instant in UTC, as {@link Instant#toString()} writes it
 * @param featuresVersion e.g. {@code FEATURES_V1}
 * @param featuresHash    the FEATURES hash the weights were trained against; consumers compare it with theirs
 * @param featureNames    the feature order of the weights
 * @param sgd             the standardized logistic model
 * @param labelsUsed      labels that went into this version's update from its parent (0 for a root or rollback)
 * @param gate            how the promotion gate judged it
 */
public record ModelUpdate(
        String version,
        String parentVersion,
        String createdAt,
        String featuresVersion,
        String featuresHash,
        List<String> featureNames,
        Sgd sgd,
        long labelsUsed,
        Gate gate) {

    /** The record key of every model update: the part of the ensemble it replaces. */
    public static final String KEY = "sgd";

    /** Name prefix of the versions made by {@link #rollbackOf}. */
    public static final String ROLLBACK_PREFIX = "sgd-rollback-";
    private static final java.time.format.DateTimeFormatter ROLLBACK_STAMP = java.time.format.DateTimeFormatter
            .ofPattern("yyyyMMddHHmmssSSS", java.util.Locale.ROOT).withZone(java.time.ZoneOffset.UTC);
    private static final String VERSION_PATTERN = "[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}";
    /** What {@link Instant#toString()} writes: UTC, seconds always, a fraction when there is one. */
    private static final String INSTANT_PATTERN =
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z";
    private static final ObjectReader READER = strictReader();
    private static final ObjectWriter WRITER = JsonSerde.MAPPER.writerFor(ModelUpdate.class);

    public ModelUpdate {
        requireVersion("version", version);
        if (parentVersion != null) {
            requireVersion("parentVersion", parentVersion);
        }
        requireInstant(createdAt);
        requireText("featuresVersion", featuresVersion);
        requireText("featuresHash", featuresHash);
        featureNames = List.copyOf(Objects.requireNonNull(featureNames, "featureNames is required"));
        Objects.requireNonNull(sgd, "sgd is required");
        Objects.requireNonNull(gate, "gate is required");
        if (featureNames.size() != sgd.weights.length) {
            throw new IllegalArgumentException("featureNames has " + featureNames.size() + " names but sgd has "
                    + sgd.weights.length + " weights");
        }
        if (new HashSet<>(featureNames).size() != featureNames.size()) {
            throw new IllegalArgumentException("featureNames has duplicates: " + featureNames);
        }
        if (labelsUsed < 0) {
            throw new IllegalArgumentException("labelsUsed must be >= 0, was " + labelsUsed);
        }
    }

    /**
     * The rollback version of {@code target}, made at {@code now}: the same weights as a <em>new</em>
     * version {@code sgd-rollback-<UTC yyyyMMddHHmmssSSS>-<shortHash>} whose parent is {@code target}
     * (gate none, labelsUsed 0). New, with createdAt {@code now}, so that consumers that take only newer
     * versions than theirs (the scoring app) take it, and scores made with it say it is a rollback.
     */
    public static ModelUpdate rollbackOf(ModelUpdate target, Instant now) {
        final String hash = shortHash(target.toLogisticModel());
        return new ModelUpdate(ROLLBACK_PREFIX + ROLLBACK_STAMP.format(now) + "-" + hash, target.version(),
                now.toString(), target.featuresVersion(), target.featuresHash(), target.featureNames(), target.sgd(),
                0, Gate.none());
    }

    /** The logistic model of this version. */
    public LogisticModel toLogisticModel() {
        return new LogisticModel(sgd.weights, sgd.bias, sgd.mean, sgd.scale);
    }

    /** model_update_v1 JSON (UTF-8), as published. */
    public byte[] toBytes() {
        try {
            return WRITER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write model update " + version + " as JSON", e);
        }
    }

    /**
     * Reads model_update_v1 JSON; unknown fields are ignored (a newer writer may add some).
     *
     * @throws IllegalArgumentException naming what is wrong, for anything that is not a valid update; a
     *                                  {@link NonFiniteValueException} when a weight, mean, scale or the
     *                                  bias is NaN or infinite (the tokens NaN and Infinity are read for that)
     */
    public static ModelUpdate fromBytes(byte[] json) {
        if (json == null || json.length == 0) {
            throw new IllegalArgumentException("model update is empty");
        }
        final ModelUpdate u;
        try {
            u = READER.readValue(json);
        } catch (IOException e) {
            // a failed compact constructor arrives wrapped; its message is the useful one
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
                cause = cause.getCause();
            }
            final String message = "not a model_update_v1 document: " + cause.getMessage();
            throw cause instanceof NonFiniteValueException ? new NonFiniteValueException(message, e)
                    : new IllegalArgumentException(message, e);
        }
        if (u == null) {
            throw new IllegalArgumentException("not a model_update_v1 document: JSON null");
        }
        return u;
    }

    /**
     * The first 8 hex digits of SHA-256 over the exact bits of a model's numbers: the same weights,
     * bias, means and scales give the same hash on every JVM.
     */
    public static String shortHash(LogisticModel m) {
        final double[][] parts = {m.weights(), {m.bias()}, m.mean(), m.scale()};
        final ByteBuffer buf = ByteBuffer.allocate(8 * (3 * m.size() + 1));
        for (double[] part : parts) {
            for (double v : part) {
                buf.putLong(Double.doubleToLongBits(v));
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buf.array()), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static void requireVersion(String name, String v) {
        if (v == null || !v.matches(VERSION_PATTERN)) {
            throw new IllegalArgumentException(name + " must be 1-128 of letters, digits, '.', '_', '-' (not starting"
                    + " with '.'), was " + (v == null ? "missing" : "'" + v + "'"));
        }
    }

    private static void requireText(String name, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    /**
     * The wire mapper, stricter where model_update_v1 is: every field present (null where allowed),
     * numbers as JSON numbers (not "0.5"), no null for a number; unknown fields still ignored.
     */
    private static ObjectReader strictReader() {
        final ObjectMapper strict = JsonSerde.MAPPER.copy();
        for (LogicalType t : new LogicalType[] {LogicalType.Float, LogicalType.Integer, LogicalType.Boolean}) {
            strict.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        return strict.readerFor(ModelUpdate.class)
                .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    private static void requireInstant(String createdAt) {
        requireText("createdAt", createdAt);
        try {
            if (!createdAt.matches(INSTANT_PATTERN)) {
                throw new DateTimeParseException("not yyyy-MM-ddTHH:mm:ss[.fraction]Z", createdAt, 0);
            }
            Instant.parse(createdAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("createdAt must be an ISO-8601 instant, was '" + createdAt + "'", e);
        }
    }

    /**
     * The standardized logistic model on the wire: {@code p = sigmoid(bias + sum w_i (x_i - mean_i) / scale_i)}.
     * Validated as {@link LogisticModel} is (same lengths, finite, scales > 0).
     */
    public record Sgd(double[] weights, double bias, double[] mean, double[] scale) {

        public Sgd {
            final LogisticModel valid = new LogisticModel(weights, bias, mean, scale); // throws naming the problem
            weights = valid.weights();
            mean = valid.mean();
            scale = valid.scale();
        }

        public static Sgd of(LogisticModel m) {
            return new Sgd(m.weights(), m.bias(), m.mean(), m.scale());
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[] scale() {
            return scale.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sgd s && Double.compare(bias, s.bias) == 0 && Arrays.equals(weights, s.weights)
                    && Arrays.equals(mean, s.mean) && Arrays.equals(scale, s.scale);
        }

        @Override
        public int hashCode() {
            return Objects.hash(bias, Arrays.hashCode(weights), Arrays.hashCode(mean), Arrays.hashCode(scale));
        }

        @Override
        public String toString() {
            return "Sgd[weights=" + Arrays.toString(weights) + ", bias=" + bias + "]";
        }
    }

    /**
     * What the promotion gate saw: the metric, the candidate's and the then-current model's value of
     * it on the holdout, and the holdout's size. {@link Metric#NONE} (values {@code null}) when no gate
     * ran: a trained bundle or a rollback.
     */
    public record Gate(Metric metric, Double candidate, Double current, int holdoutSize) {

        public Gate {
            Objects.requireNonNull(metric, "gate.metric is required");
            if (metric == Metric.NONE) {
                if (candidate != null || current != null) {
                    throw new IllegalArgumentException("gate.metric none carries no candidate or current value");
                }
            } else if (candidate == null || current == null || !Double.isFinite(candidate)
                    || !Double.isFinite(current)) {
                throw new IllegalArgumentException("gate." + metric.wire + " needs finite candidate and current values,"
                        + " were " + candidate + " and " + current);
            }
            if (holdoutSize < 0) {
                throw new IllegalArgumentException("gate.holdoutSize must be >= 0, was " + holdoutSize);
            }
        }

        /** No gate ran (a root bundle or a rollback). */
        public static Gate none() {
            return new Gate(Metric.NONE, null, null, 0);
        }
    }

    /** Gate metrics on the wire. */
    public enum Metric {
        /** Class-balanced log-loss on the holdout; lower is better. */
        @JsonProperty("log_loss") LOG_LOSS("log_loss"),
        /** Average precision (PR-AUC) on the holdout; higher is better. */
        @JsonProperty("pr_auc") PR_AUC("pr_auc"),
        /** No gate ran. */
        @JsonProperty("none") NONE("none");

        private final String wire;

        Metric(String wire) {
            this.wire = wire;
        }

        /** The name on the wire and in configuration. */
        public String wireName() {
            return wire;
        }

        /** The metric named {@code name} on the wire ({@code log_loss}, {@code pr_auc}, {@code none}). */
        public static Metric fromWire(String name) {
            for (Metric m : values()) {
                if (m.wire.equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown gate metric '" + name + "' (log_loss, pr_auc or none)");
        }
    }
}
