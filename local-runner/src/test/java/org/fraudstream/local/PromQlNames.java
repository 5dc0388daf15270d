package org.fraudstream.local;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, and whether each is one the services export: the
 * contract names (the counters, gauges and histograms the suite's own code registers) or a name from
 * a Micrometer binder (Kafka clients and Streams, JVM, process) or Prometheus itself ({@code up}).
 * A lexical reading, enough for the dashboard's and the alert rules' expressions: strings, label
 * matchers, ranges and grouping clauses are dropped, identifiers followed by '(' are functions.
 */
final class PromQlNames {

    /** The names the suite's code registers (histograms and timers listed apart). */
    static final Set<String> CONTRACT = Set.of(
            // scoring-streams
            "stream_events_in_total", "stream_events_scored_total", "stream_events_anomaly_total",
            "stream_events_dlq_total", "model_version", "model_in_use", "model_swaps_total",
            "model_updates_rejected_total", "drift_psi", "drift_window_events",
            // feedback-api
            "feedback_requests_total", "feedback_published_total",
            // online-updater
            "online_labels_total", "online_updates_total", "online_gate_rejections_total",
            "online_labels_unmatched_total", "online_feedback_invalid_total", "online_batches_held_total",
            // Prometheus
            "up");

    /** Histograms and timers: read through their _bucket, _count, _sum or _max series. */
    static final Set<String> HISTOGRAMS = Set.of(
            "stream_end_to_end_latency_seconds", "stream_scoring_latency_seconds", "stream_score",
            "model_update_apply_delay_seconds", "feedback_request_seconds");

    static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_count", "_sum", "_max");

    /** Micrometer binders: KafkaStreamsMetrics, KafkaClientMetrics, JVM and process metrics. */
    static final List<String> BINDER_PREFIXES = List.of(
            "kafka_stream_", "kafka_consumer_", "kafka_producer_", "jvm_", "process_", "system_");

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![A-Za-z0-9_:.])[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2", "start", "end");

    private PromQlNames() {
    }

    /** The metric names read by {@code expr}, in order of appearance. */
    static Set<String> metricNames(String expr) {
        String s = STRINGS.matcher(expr).replaceAll("\"\"");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGES.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        final Set<String> names = new LinkedHashSet<>();
        final Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            final String name = m.group();
            if (!KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT)) && !followedByParenthesis(s, m.end())) {
                names.add(name);
            }
        }
        return names;
    }

    /** The names read by {@code expr} that no service exports. */
    static Set<String> unknownNames(String expr) {
        final Set<String> unknown = new LinkedHashSet<>();
        for (String name : metricNames(expr)) {
            if (!known(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    static boolean known(String name) {
        if (CONTRACT.contains(name) || BINDER_PREFIXES.stream().anyMatch(name::startsWith)) {
            return true;
        }
        return HISTOGRAM_SUFFIXES.stream().anyMatch(suffix -> name.endsWith(suffix)
                && HISTOGRAMS.contains(name.substring(0, name.length() - suffix.length())));
    }

    private static boolean followedByParenthesis(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i < s.length() && s.charAt(i) == '(';
    }
}
