package org.fraudstream.feedback.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scoring app's live figures for the analyst console, read from its Prometheus endpoint on
 * request: counters since the app started (events in, anomalies, DLQ), the end-to-end latency
 * histogram and the model version in use. Rates are the reader's business (two samples apart).
 * Series the scoring app does not expose (yet) come back as null, not as zero.
 */
public final class ScoringFigures {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    /** One cumulative histogram bucket: events that took at most {@code le} seconds. */
    public record Bucket(double le, double count) { }

    /** The end-to-end latency so far: cumulative buckets and the percentiles they give, in ms. */
    public record Latency(double count, Double p50Ms, Double p99Ms, List<Bucket> buckets) { }

    /** What {@code GET /console/figures} answers. */
    public record Figures(String source, long scrapedAtMs, Double eventsIn, Double eventsScored, Double anomalies,
                          Double dlq, String modelVersion, Latency latency) { }

    private final URI url;
    private final HttpClient client;

    public ScoringFigures(URI url) {
        this.url = url;
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** Scrapes the scoring app now; throws SCORING_UNAVAILABLE naming the URL when that fails. */
    public Figures read() {
        final HttpResponse<String> r;
        try {
            r = client.send(HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unavailable(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
        if (r.statusCode() != 200) {
            throw unavailable("HTTP " + r.statusCode());
        }
        final Figures f = of(url.toString(), System.currentTimeMillis(), PrometheusText.parse(r.body()));
        if (f.eventsIn() == null) {
            throw unavailable("no stream_events_in_total there: is it the scoring app's /metrics?");
        }
        return f;
    }

    private ApiException unavailable(String why) {
        return new ApiException(ErrorCode.SCORING_UNAVAILABLE, "cannot read the scoring app's metrics at " + url
                + ": " + why + " (set FRAUD_FEEDBACK_SCORING_METRICS_URL)");
    }

    /** The figures in these samples. */
    public static Figures of(String source, long scrapedAtMs, List<PrometheusText.Sample> samples) {
        return new Figures(source, scrapedAtMs, sum(samples, "stream_events_in_total"),
                sum(samples, "stream_events_scored_total"), sum(samples, "stream_events_anomaly_total"),
                sum(samples, "stream_events_dlq_total"), modelVersion(samples),
                latency(samples, "stream_end_to_end_latency_seconds"));
    }

    /** The sum over every series of the metric (e.g. every DLQ reason); null when there is none. */
    static Double sum(List<PrometheusText.Sample> samples, String name) {
        Double total = null;
        for (PrometheusText.Sample s : samples) {
            if (s.name().equals(name)) {
                total = (total == null ? 0 : total) + s.value();
            }
        }
        return total;
    }

    /**
     * The {@code model_version{version}} of highest value (n of sgd-online-n; 0 for the trained bundle),
     * else the one {@code model_in_use{version}} at 1; null when neither tells.
     */
    static String modelVersion(List<PrometheusText.Sample> samples) {
        String best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        final List<String> info = new ArrayList<>();
        for (PrometheusText.Sample s : samples) {
            if (s.name().equals("model_version") && s.label("version") != null && s.value() > bestValue) {
                best = s.label("version");
                bestValue = s.value();
            } else if (s.name().equals("model_in_use") && s.value() == 1.0 && s.label("version") != null) {
                info.add(s.label("version"));
            }
        }
        return best != null ? best : info.size() == 1 ? info.get(0) : null;
    }

    /** The histogram {@code name} summed over its series; null when the scoring app has none. */
    static Latency latency(List<PrometheusText.Sample> samples, String name) {
        final Map<Double, Double> byLe = new TreeMap<>();
        for (PrometheusText.Sample s : samples) {
            if (s.name().equals(name + "_bucket") && s.label("le") != null) {
                try {
                    byLe.merge(PrometheusText.number(s.label("le")), s.value(), Double::sum);
                } catch (NumberFormatException e) {
                    // not a bucket bound: not a bucket
                }
            }
        }
        if (byLe.isEmpty()) {
            return null;
        }
        final List<Bucket> buckets = new ArrayList<>(byLe.size());
        byLe.forEach((le, n) -> buckets.add(new Bucket(le, n)));
        final double count = buckets.get(buckets.size() - 1).count();
        return new Latency(count, millis(quantile(0.5, buckets)), millis(quantile(0.99, buckets)),
                buckets.stream().filter(b -> Double.isFinite(b.le())).toList());
    }

    /**
     * The q-quantile of cumulative buckets, interpolated linearly inside its bucket as Prometheus'
     * {@code histogram_quantile} does; the highest finite bound when it falls in the +Inf bucket;
     * null without observations.
     */
    static Double quantile(double q, List<Bucket> buckets) {
        final double count = buckets.get(buckets.size() - 1).count();
        if (count <= 0) {
            return null;
        }
        final double rank = q * count;
        double lower = 0;
        double below = 0;
        for (Bucket b : buckets) {
            if (b.count() >= rank) {
                if (Double.isInfinite(b.le())) {
                    return lower;
                }
                final double inBucket = b.count() - below;
                return inBucket <= 0 ? b.le() : lower + (b.le() - lower) * (rank - below) / inBucket;
            }
            lower = b.le();
            below = b.count();
        }
        return lower;
    }

    private static Double millis(Double seconds) {
        return seconds == null ? null : seconds * 1000.0;
    }
}
