package org.fraudstream.scoring;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** event_v1 payloads for tests, written by hand so tests also cover what producers really send. */
final class Events {

    private Events() {
    }

    static String json(String id, String account, int step, String type, double amount) {
        return String.format(Locale.ROOT, "{\"transactionId\":\"%s\",\"eventTime\":%d,\"step\":%d,\"type\":\"%s\","
                        + "\"amount\":%s,\"nameOrig\":\"%s\",\"oldbalanceOrg\":5000.0,\"newbalanceOrig\":%s,"
                        + "\"nameDest\":\"C900\",\"oldbalanceDest\":0.0,\"newbalanceDest\":%s}",
                id, 1_700_000_000_000L + step * 3_600_000L, step, type, amount, account,
                Math.max(0, 5000.0 - amount), amount);
    }

    static byte[] bytes(String id, String account, int step, String type, double amount) {
        return json(id, account, step, type, amount).getBytes(StandardCharsets.UTF_8);
    }
}
