package org.fraudstream.contract;

import java.util.Objects;

/**
 * A rejected input event (dlq_v1): the raw bytes, why they were rejected and where they came from,
 * so that nothing is lost and every rejection can be traced to its source offset and replayed.
 *
 * @param transactionId  the id, when one could be read from the payload; otherwise {@code null}
 * @param payloadBase64  the raw payload, base64 (the bytes may not be text)
 */
public record DlqRecord(
        RejectReason reason,
        String detail,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        String transactionId,
        int payloadSize,
        String payloadBase64,
        long rejectedAtMs) {

    public DlqRecord {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(payloadBase64, "payloadBase64");
    }
}
