package org.fraudstream.feedback.internal;

import io.javalin.http.Context;
import java.util.List;
import org.fraudstream.contract.Reason;
import org.fraudstream.contract.ScoredEvent;
import org.fraudstream.contract.TransactionType;

/** {@code GET /alerts?limit=N}: the newest anomalies first, each with whether it was labeled here. */
public final class AlertsController {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    /** One alert as analysts see it. */
    public record Alert(String transactionId, String accountId, long eventTimeMs, TransactionType type, double amount,
                        double score, double threshold, String modelVersion, List<Reason> reasons, boolean labeled) { }

    public record Alerts(int count, List<Alert> alerts) { }

    private final AlertFeed feed;
    private final RecentFeedback recent;

    public AlertsController(AlertFeed feed, RecentFeedback recent) {
        this.feed = feed;
        this.recent = recent;
    }

    public void get(Context ctx) {
        final List<Alert> alerts = feed.newest(limit(ctx.queryParam("limit"))).stream().map(this::view).toList();
        ctx.json(new Alerts(alerts.size(), alerts));
    }

    private Alert view(ScoredEvent e) {
        return new Alert(e.transactionId(), e.accountId(), e.eventTimeMs(), e.type(), e.amount(), e.score(),
                e.threshold(), e.modelVersion(), e.reasons() == null ? List.of() : e.reasons(),
                recent.isLabeled(e.transactionId()));
    }

    static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            final int n = Integer.parseInt(raw.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below, like any other bad value
        }
        throw new ApiException(ErrorCode.INVALID_PARAMETER,
                "limit must be an integer from 1 to " + MAX_LIMIT + ", was '" + raw + "'", "limit");
    }
}
