package org.fraudstream.updater.internals;

import java.util.Base64;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.fraudstream.contract.DlqRecord;
import org.fraudstream.updater.UpdaterMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses each feedback record ({@link FeedbackParser}). Out: the label for the join, or a dlq_v1
 * record naming the reason and the source topic, partition and offset.
 */
public final class ParseFeedbackProcessor implements FixedKeyProcessor<String, byte[], FeedbackOutcome> {

    private static final Logger LOG = LoggerFactory.getLogger(ParseFeedbackProcessor.class);

    private final FeedbackParser parser = new FeedbackParser();
    private final UpdaterMetrics metrics;
    private FixedKeyProcessorContext<String, FeedbackOutcome> context;

    public ParseFeedbackProcessor(UpdaterMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, FeedbackOutcome> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        final byte[] raw = record.value();
        final FeedbackParser.Result result = parser.parse(raw);
        if (result instanceof FeedbackParser.Valid v) {
            context.forward(record.withValue(new FeedbackOutcome.Accepted(new JoinInput.Labeled(v.feedback(), raw))));
            return;
        }
        final FeedbackParser.Invalid invalid = (FeedbackParser.Invalid) result;
        final RecordMetadata source = context.recordMetadata().orElse(null);
        final byte[] bytes = raw == null ? new byte[0] : raw;
        final DlqRecord dlq = new DlqRecord(invalid.reason(), invalid.detail(),
                source == null ? null : source.topic(), source == null ? -1 : source.partition(),
                source == null ? -1 : source.offset(), invalid.transactionId(), bytes.length,
                Base64.getEncoder().encodeToString(bytes), context.currentSystemTimeMs());
        LOG.warn("feedback at {}-{}@{} is not feedback_v1 ({}: {}); it goes to the feedback DLQ", dlq.sourceTopic(),
                dlq.sourcePartition(), dlq.sourceOffset(), dlq.reason(), dlq.detail());
        metrics.feedbackInvalid(invalid.reason());
        context.forward(record.withValue(new FeedbackOutcome.Rejected(dlq)));
    }
}
