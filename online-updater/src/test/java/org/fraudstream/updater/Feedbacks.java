package org.fraudstream.updater;

import java.nio.charset.StandardCharsets;

/** feedback_v1 payloads as feedback-api writes them. */
final class Feedbacks {

    private Feedbacks() {
    }

    static byte[] of(String txn, boolean fraud) {
        return ("{\"transactionId\":\"" + txn + "\",\"label\":\"" + (fraud ? "FRAUD" : "LEGIT")
                + "\",\"analystId\":\"analyst-1\",\"note\":\"checked\",\"labeledAt\":\"2026-01-01T10:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] raw(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
