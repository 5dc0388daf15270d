package org.fraudstream.scoring.internals;

import java.util.Base64;
import org.fraudstream.contract.DlqRecord;
import org.fraudstream.contract.RejectReason;

/** Builds dlq_v1 bodies from a raw payload and where it was read. */
public final class DlqRecords {

    private DlqRecords() {
    }

    public static DlqRecord of(RejectReason reason, String detail, String transactionId, byte[] payload,
                               String sourceTopic, int sourcePartition, long sourceOffset, long nowMs) {
        final byte[] bytes = payload == null ? new byte[0] : payload;
        return new DlqRecord(reason, detail, sourceTopic, sourcePartition, sourceOffset, transactionId,
                bytes.length, Base64.getEncoder().encodeToString(bytes), nowMs);
    }
}
