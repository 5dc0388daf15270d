package org.fraudstream.feedback.internal;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fraudstream.contract.Feedback;

/**
 * {@code POST /feedback}: validates the label, publishes it unless this instance accepted the same one
 * already (see {@link RecentFeedback}), and answers 202 only after the broker acknowledged it.
 */
public final class FeedbackController {

    /** The 202 body; a duplicate carries the receipt of the original. */
    public record Accepted(String status, String transactionId, boolean duplicate, int partition, long offset) { }

    private final FeedbackRequests requests = new FeedbackRequests();
    private final FeedbackPublisher publisher;
    private final RecentFeedback recent;
    private final FeedbackMetrics metrics;
    private final long twinWaitMs;

    /** {@code twinWait}: how long a repeated request waits for the original's publish to end. */
    public FeedbackController(FeedbackPublisher publisher, RecentFeedback recent, FeedbackMetrics metrics,
                              Duration twinWait) {
        this.publisher = publisher;
        this.recent = recent;
        this.metrics = metrics;
        this.twinWaitMs = twinWait.toMillis();
    }

    public void post(Context ctx) {
        final FeedbackRequests.Parsed parsed = requests.parse(RequestBody.readJson(ctx), System::currentTimeMillis);
        final Feedback f = parsed.feedback();
        final RecentFeedback.Claim claim = recent.claim(f.transactionId(), f.analystId(), parsed.fingerprint());
        final RecentFeedback.Receipt receipt = claim.owner() ? publish(claim, f) : awaitOriginal(claim);
        ctx.attribute(ErrorMapping.OUTCOME, claim.owner() ? FeedbackMetrics.ACCEPTED : FeedbackMetrics.DUPLICATE);
        ctx.status(202).json(new Accepted("ACCEPTED", f.transactionId(), !claim.owner(), receipt.partition(),
                receipt.offset()));
    }

    private RecentFeedback.Receipt publish(RecentFeedback.Claim claim, Feedback f) {
        final RecentFeedback.Receipt receipt;
        try {
            receipt = publisher.publish(f);
        } catch (RuntimeException e) {
            recent.failed(claim, e); // not remembered: the retry must publish
            throw e;
        }
        metrics.published();
        recent.published(claim, receipt);
        return receipt;
    }

    private RecentFeedback.Receipt awaitOriginal(RecentFeedback.Claim claim) {
        try {
            return claim.receipt().get(twinWaitMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ApiException(ErrorCode.BROKER_UNAVAILABLE,
                    "the same label, sent concurrently, was not acknowledged by the broker; retry later");
        } catch (TimeoutException e) {
            throw new ApiException(ErrorCode.BROKER_UNAVAILABLE,
                    "the same label, sent concurrently, is still waiting for the broker; retry later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.BROKER_UNAVAILABLE, "interrupted while waiting for the broker");
        }
    }
}
