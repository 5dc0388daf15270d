package org.fraudstream.feedback.internal;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fraudstream.contract.Feedback;

/**
 * {@code POST /feedback}: validates the label, publishes it unless this instance accepted the same one
 * already (see {@link RecentFeedback}), and answers 202 only after the broker acknowledged it.
 *
 * <p>The request thread does not wait for the broker: it reads and checks the body, hands the label
 * to the producer and returns to the pool; the answer is written by a thread of {@code responder}
 * (the HTTP server's pool) once the acknowledgement came (Javalin's {@link Context#future}). With 64
 * requests in flight, parking a thread on each acknowledgement cost about a fifth of the CPU in
 * context switches. The producer's own I/O thread only completes the future: it never writes answers.
 */
public final class FeedbackController {

    /** The 202 body; a duplicate carries the receipt of the original. */
    public record Accepted(String status, String transactionId, boolean duplicate, int partition, long offset) { }

    private final FeedbackRequests requests = new FeedbackRequests();
    private final FeedbackPublisher publisher;
    private final RecentFeedback recent;
    private final FeedbackMetrics metrics;
    private final long twinWaitMs;
    private final Executor responder;

    /**
     * {@code twinWait}: how long a repeated request waits for the original's publish to end;
     * {@code responder}: where answers are written once the broker acknowledged.
     */
    public FeedbackController(FeedbackPublisher publisher, RecentFeedback recent, FeedbackMetrics metrics,
                              Duration twinWait, Executor responder) {
        this.publisher = publisher;
        this.recent = recent;
        this.metrics = metrics;
        this.twinWaitMs = twinWait.toMillis();
        this.responder = responder;
    }

    public void post(Context ctx) {
        final FeedbackRequests.Parsed parsed = requests.parse(RequestBody.readJson(ctx), System::currentTimeMillis);
        final Feedback f = parsed.feedback();
        final RecentFeedback.Claim claim = recent.claim(f.transactionId(), f.analystId(), parsed.fingerprint());
        if (claim.owner()) {
            final CompletableFuture<RecentFeedback.Receipt> acknowledged = publisher.publish(f);
            ctx.future(() -> acknowledged.handleAsync((receipt, failure) -> {
                if (failure != null) {
                    recent.failed(claim, failure); // not remembered: the retry must publish
                    throw unwrap(failure);
                }
                metrics.published();
                recent.published(claim, receipt);
                accepted(ctx, f, claim, receipt);
                return null;
            }, responder));
        } else if (claim.receipt().isDone()) { // the usual retry: the original was acknowledged already
            accepted(ctx, f, claim, original(claim.receipt()));
        } else {
            final CompletableFuture<RecentFeedback.Receipt> twin = claim.receipt().copy()
                    .orTimeout(twinWaitMs, TimeUnit.MILLISECONDS);
            ctx.future(() -> twin.handleAsync((receipt, failure) -> {
                accepted(ctx, f, claim, failure == null ? receipt : original(twin));
                return null;
            }, responder));
        }
    }

    private static void accepted(Context ctx, Feedback f, RecentFeedback.Claim claim, RecentFeedback.Receipt receipt) {
        ctx.attribute(ErrorMapping.OUTCOME, claim.owner() ? FeedbackMetrics.ACCEPTED : FeedbackMetrics.DUPLICATE);
        ctx.status(202).json(new Accepted("ACCEPTED", f.transactionId(), !claim.owner(), receipt.partition(),
                receipt.offset()));
    }

    /** The receipt of the publish a duplicate repeats, which has ended; or why there is none. */
    private static RecentFeedback.Receipt original(CompletableFuture<RecentFeedback.Receipt> ended) {
        try {
            return ended.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw new ApiException(ErrorCode.BROKER_UNAVAILABLE,
                        "the same label, sent concurrently, is still waiting for the broker; retry later");
            }
            throw new ApiException(ErrorCode.BROKER_UNAVAILABLE,
                    "the same label, sent concurrently, was not acknowledged by the broker; retry later");
        }
    }

    private static RuntimeException unwrap(Throwable failure) {
        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }
}
