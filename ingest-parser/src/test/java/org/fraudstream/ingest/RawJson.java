package org.fraudstream.ingest;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.fraudstream.contract.TransactionEvent;
import org.fraudstream.contract.TransactionType;

/** An event_v1 object as raw JSON text per field, to build valid and broken payloads by hand. */
final class RawJson {

    static final TransactionEvent BASE = new TransactionEvent("run-1", 1_704_067_200_000L, 7, TransactionType.TRANSFER,
            181.0, "C1305486145", 181.0, 0.0, "C553264065", 0.0, 0.0);

    private final Map<String, String> fields;

    private RawJson(Map<String, String> fields) {
        this.fields = fields;
    }

    /** The raw fields of {@link #BASE}. */
    static RawJson valid() {
        final Map<String, String> f = new LinkedHashMap<>();
        f.put("transactionId", "\"run-1\"");
        f.put("eventTime", "1704067200000");
        f.put("step", "7");
        f.put("type", "\"TRANSFER\"");
        f.put("amount", "181.0");
        f.put("nameOrig", "\"C1305486145\"");
        f.put("oldbalanceOrg", "181.0");
        f.put("newbalanceOrig", "0.0");
        f.put("nameDest", "\"C553264065\"");
        f.put("oldbalanceDest", "0");
        f.put("newbalanceDest", "0");
        return new RawJson(f);
    }

    RawJson with(String name, String rawValue) {
        final Map<String, String> f = new LinkedHashMap<>(fields);
        f.put(name, rawValue);
        return new RawJson(f);
    }

    RawJson without(String name) {
        final Map<String, String> f = new LinkedHashMap<>(fields);
        f.remove(name);
        return new RawJson(f);
    }

    /** Moves {@code name} to the front, so that it is read first. */
    RawJson first(String name) {
        final Map<String, String> f = new LinkedHashMap<>();
        f.put(name, fields.get(name));
        f.putAll(fields);
        return new RawJson(f);
    }

    String json() {
        return fields.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    static String str(String s) {
        return "\"" + s + "\"";
    }
}
