package org.fraudstream.scoring.internals;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.fraudstream.contract.DlqRecord;
import org.fraudstream.contract.RejectReason;

/**
 * Record headers of a DLQ record, after Kafka Streams' own dead-letter convention (KIP-1034:
 * {@code __streams.errors.*}), plus {@code fraud.dlq.reason} with the stable reason code, so tools
 * can filter the DLQ without parsing bodies.
 */
public final class DlqHeaders {

    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String REASON = "fraud.dlq.reason";

    private DlqHeaders() {
    }

    public static Headers of(DlqRecord r) {
        final Headers h = new RecordHeaders();
        put(h, TOPIC, String.valueOf(r.sourceTopic()));
        put(h, PARTITION, Integer.toString(r.sourcePartition()));
        put(h, OFFSET, Long.toString(r.sourceOffset()));
        put(h, EXCEPTION, RejectReason.class.getName());
        put(h, MESSAGE, r.reason().name() + ": " + r.detail());
        put(h, REASON, r.reason().name());
        return h;
    }

    private static void put(Headers h, String key, String value) {
        h.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
