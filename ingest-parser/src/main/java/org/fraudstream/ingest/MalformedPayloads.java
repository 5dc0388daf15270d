package org.fraudstream.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fraudstream.contract.TransactionEvent;

/**
 * Broken variants of real events, for injection into test traffic: each {@link #next} returns a payload
 * that {@link EventParser} (with any maximum size) must reject. Successive calls cycle through every
 * kind of defect, one per {@link org.fraudstream.contract.RejectReason} and more (null values,
 * duplicate keys, invalid UTF-8, binary noise); the variant within a kind is drawn from the seed.
 * Deterministic per seed; not thread-safe.
 */
public final class MalformedPayloads {

    private static final String[] REQUIRED = {
        "transactionId", "eventTime", "step", "type", "amount", "nameOrig", "oldbalanceOrg",
        "newbalanceOrig", "nameDest", "oldbalanceDest", "newbalanceDest"};
    private static final String[] BALANCES = {"oldbalanceOrg", "newbalanceOrig", "oldbalanceDest", "newbalanceDest"};
    private static final String[] IDS = {"transactionId", "nameOrig", "nameDest"};
    private static final int DEFECTS = 18;

    private final SplittableRandom rng;
    private long count;

    public MalformedPayloads(long seed) {
        this.rng = new SplittableRandom(seed);
    }

    /** A payload derived from {@code basis} that must be rejected; the defect changes from call to call. */
    public byte[] next(TransactionEvent basis) {
        final int defect = (int) (count++ % DEFECTS);
        final Map<String, String> f = fields(basis);
        return switch (defect) {
            case 0 -> utf8(pick("", " ", "\n\t \r\n"));
            case 1 -> oversize(f);
            case 2 -> truncated(f);
            case 3 -> invalidUtf8(f);
            case 4 -> utf8(render(f) + pick("}", "x", " {}", ",", "\"")); // trailing content
            case 5 -> utf8(pick("[" + render(f) + "]", "null", "42", quote(basis.transactionId()), "true"));
            case 6 -> without(f, pick(REQUIRED));
            case 7 -> replaced(f, pick(REQUIRED), "null");
            case 8 -> wrongType(f);
            case 9 -> added(f, pick("merchantCategory", "isfraud", "Amount", "label"), "0");
            case 10 -> replaced(f, "type", pick("\"WIRE\"", "\"transfer\"", "\"\"", "\"CASH-OUT\""));
            case 11 -> replaced(f, "amount", pick("-" + (basis.amount() + 1.0), "NaN", "Infinity"));
            case 12 -> replaced(f, pick(BALANCES), pick("NaN", "-Infinity", "Infinity", "1e999"));
            case 13 -> replaced(f, "step", pick("-1", "-" + (basis.step() + 1), "2147483648"));
            case 14 -> replaced(f, "eventTime", pick("-1", "-" + (basis.eventTimeMs() + 1), "9223372036854775808"));
            case 15 -> replaced(f, pick(IDS), pick("\"\"", "\"   \"", quote("x".repeat(129))));
            case 16 -> duplicated(f);
            default -> binary();
        };
    }

    private static Map<String, String> fields(TransactionEvent e) {
        final Map<String, String> f = new LinkedHashMap<>();
        f.put("transactionId", quote(e.transactionId()));
        f.put("eventTime", Long.toString(e.eventTimeMs()));
        f.put("step", Integer.toString(e.step()));
        f.put("type", quote(e.type().name()));
        f.put("amount", Double.toString(e.amount()));
        f.put("nameOrig", quote(e.nameOrig()));
        f.put("oldbalanceOrg", Double.toString(e.oldbalanceOrg()));
        f.put("newbalanceOrig", Double.toString(e.newbalanceOrig()));
        f.put("nameDest", quote(e.nameDest()));
        f.put("oldbalanceDest", Double.toString(e.oldbalanceDest()));
        f.put("newbalanceDest", Double.toString(e.newbalanceDest()));
        return f;
    }

    /** Too big for the default maximum, and an unknown field for any larger one. */
    private byte[] oversize(Map<String, String> f) {
        return added(f, "padding", quote("x".repeat(EventParser.DEFAULT_MAX_PAYLOAD_BYTES + rng.nextInt(1024))));
    }

    /** Every proper prefix of an object is unfinished JSON. */
    private byte[] truncated(Map<String, String> f) {
        final String s = render(f);
        return utf8(s.substring(0, 1 + rng.nextInt(s.length() - 1)));
    }

    private byte[] invalidUtf8(Map<String, String> f) {
        final byte[] valid = utf8(render(f));
        final byte[] bad = pick(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC3, 0x28},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF});
        final int at = 1 + rng.nextInt(valid.length - 1);
        final byte[] out = new byte[valid.length + bad.length];
        System.arraycopy(valid, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(valid, at, out, at + bad.length, valid.length - at);
        return out;
    }

    private byte[] wrongType(Map<String, String> f) {
        return switch (rng.nextInt(5)) {
            case 0 -> replaced(f, "amount", quote(f.get("amount")));
            case 1 -> replaced(f, "step", f.get("step") + ".5");
            case 2 -> replaced(f, pick(IDS), "12345");
            case 3 -> replaced(f, pick(BALANCES), "true");
            default -> replaced(f, "eventTime", "{\"ms\":" + f.get("eventTime") + "}");
        };
    }

    private byte[] duplicated(Map<String, String> f) {
        final String name = pick(REQUIRED);
        final String s = render(f);
        return utf8(s.substring(0, s.length() - 1) + ",\"" + name + "\":" + f.get(name) + "}");
    }

    /** Random bytes after an 0xFF, which can never start UTF-8 text. */
    private byte[] binary() {
        final byte[] b = new byte[1 + rng.nextInt(64)];
        rng.nextBytes(b);
        b[0] = (byte) 0xFF;
        return b;
    }

    private byte[] without(Map<String, String> f, String name) {
        f.remove(name);
        return utf8(render(f));
    }

    private byte[] replaced(Map<String, String> f, String name, String rawValue) {
        f.put(name, rawValue);
        return utf8(render(f));
    }

    private byte[] added(Map<String, String> f, String name, String rawValue) {
        f.put(name, rawValue);
        return utf8(render(f));
    }

    private static String render(Map<String, String> f) {
        final List<String> parts = new ArrayList<>(f.size());
        f.forEach((k, v) -> parts.add("\"" + k + "\":" + v));
        return "{" + String.join(",", parts) + "}";
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[rng.nextInt(options.length)];
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
