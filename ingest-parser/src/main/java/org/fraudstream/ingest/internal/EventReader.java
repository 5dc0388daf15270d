package org.fraudstream.ingest.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import org.fraudstream.contract.RejectReason;
import org.fraudstream.contract.TransactionEvent;
import org.fraudstream.contract.TransactionType;
import org.fraudstream.ingest.ParseResult;

/**
 * One pass of a Jackson token loop over one payload that is already known to be non-empty UTF-8.
 * Single use, not thread-safe; {@code EventParser} makes one per payload.
 *
 * <p>The whole document is always read, so that the transactionId is found wherever it is and a
 * syntax error anywhere wins over a field error (the payload is then not JSON at all). Among field
 * errors the first one in document order wins; missing fields are checked last, in event_v1 order.
 */
public final class EventReader {

    /** Longest id, in code points (JSON Schema's maxLength counts code points, not UTF-16 units). */
    public static final int MAX_ID_LENGTH = 128;

    private static final String[] NAMES = {
        "transactionId", "eventTime", "step", "type", "amount", "nameOrig", "oldbalanceOrg",
        "newbalanceOrig", "nameDest", "oldbalanceDest", "newbalanceDest", "isFraud", "isFlaggedFraud"};
    private static final int TX = 0;
    private static final int TIME = 1;
    private static final int STEP = 2;
    private static final int TYPE = 3;
    private static final int AMOUNT = 4;
    private static final int ORIG = 5;
    private static final int DEST = 8;
    private static final int REQUIRED_COUNT = 11;
    private static final int MAX_DETAIL_VALUE = 40;
    /** Stand-in exponent of a number whose own exponent overflows an int; see {@link #exact()}. */
    private static final int OVERFLOW_SCALE = 1000;

    private final byte[] payload;
    private JsonParser p;
    private int seen;
    private Set<String> unknownNames;
    private RejectReason reason;
    private String detail;

    private String transactionId;
    private long eventTime;
    private long step;
    private TransactionType type;
    private String nameOrig;
    private String nameDest;
    private final double[] numbers = new double[REQUIRED_COUNT];

    public EventReader(byte[] payload) {
        this.payload = payload;
    }

    /** Reads the payload with parsers of {@code factory}; never throws. */
    public ParseResult read(JsonFactory factory) {
        try (JsonParser parser = factory.createParser(payload)) {
            p = parser;
            readDocument();
        } catch (JsonProcessingException e) {
            reason = RejectReason.NOT_JSON;
            detail = "not JSON: " + describe(e);
        } catch (IOException | RuntimeException e) {
            // Not expected from an in-memory source; caught so that parse() keeps its never-throws promise.
            reason = RejectReason.NOT_JSON;
            detail = "unreadable: " + e;
        }
        return result();
    }

    private void readDocument() throws IOException {
        final JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
            final String what = describe(first);
            p.skipChildren();
            expectEnd();
            fail(RejectReason.NOT_OBJECT, "top-level value is " + what + ", not an object");
            return;
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            field(name, p.nextToken());
        }
        expectEnd();
    }

    private void expectEnd() throws IOException {
        if (p.nextToken() != null) {
            throw new JsonParseException(p, "trailing content after the top-level value");
        }
    }

    private void field(String name, JsonToken v) throws IOException {
        final int f = indexOf(name);
        if (f < 0) {
            unknown(name);
            return;
        }
        final int bit = 1 << f;
        if ((seen & bit) != 0) {
            failStructural("duplicate field '" + name + "'");
            p.skipChildren();
            return;
        }
        seen |= bit;
        switch (f) {
            case TX -> transactionId = id(v, f);
            case TIME -> eventTime = integer(v, f, Long.MAX_VALUE, RejectReason.INVALID_EVENT_TIME);
            case STEP -> step = integer(v, f, Integer.MAX_VALUE, RejectReason.INVALID_STEP);
            case TYPE -> type(v);
            case AMOUNT -> decimal(v, f, RejectReason.INVALID_AMOUNT);
            case ORIG -> nameOrig = id(v, f);
            case DEST -> nameDest = id(v, f);
            case REQUIRED_COUNT, REQUIRED_COUNT + 1 -> leakage(v, f);
            default -> decimal(v, f, RejectReason.INVALID_BALANCE);
        }
    }

    private static int indexOf(String name) {
        return switch (name) {
            case "transactionId" -> 0;
            case "eventTime" -> 1;
            case "step" -> 2;
            case "type" -> 3;
            case "amount" -> 4;
            case "nameOrig" -> 5;
            case "oldbalanceOrg" -> 6;
            case "newbalanceOrig" -> 7;
            case "nameDest" -> 8;
            case "oldbalanceDest" -> 9;
            case "newbalanceDest" -> 10;
            case "isFraud" -> 11;
            case "isFlaggedFraud" -> 12;
            default -> -1;
        };
    }

    private void unknown(String name) throws IOException {
        if (unknownNames == null) {
            unknownNames = new HashSet<>();
        }
        if (unknownNames.add(name)) {
            fail(RejectReason.UNKNOWN_FIELD, "unknown field " + quote(name));
        } else {
            failStructural("duplicate field " + quote(name));
        }
        p.skipChildren();
    }

    private String id(JsonToken v, int f) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            wrongType(v, f, "a string");
            return null;
        }
        final String s = p.getText();
        if (s.isBlank()) {
            fail(RejectReason.INVALID_ID, "field '" + NAMES[f] + "' is blank");
            return null;
        }
        if (s.length() > MAX_ID_LENGTH && s.codePointCount(0, s.length()) > MAX_ID_LENGTH) {
            fail(RejectReason.INVALID_ID, "field '" + NAMES[f] + "' is longer than " + MAX_ID_LENGTH + " characters");
            return null;
        }
        return s;
    }

    private void type(JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            wrongType(v, TYPE, "a string");
            return;
        }
        final String s = p.getText();
        type = TransactionType.fromWire(s);
        if (type == null) {
            fail(RejectReason.UNKNOWN_TYPE, "field 'type' is " + quote(s)
                    + ", not one of CASH_IN, CASH_OUT, DEBIT, PAYMENT, TRANSFER");
        }
    }

    /** A finite double; amounts must also be >= 0. */
    private void decimal(JsonToken v, int f, RejectReason invalid) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
            wrongType(v, f, "a number");
            return;
        }
        final double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
            fail(invalid, "field '" + NAMES[f] + "' must be a finite number, was " + quote(p.getText()));
        } else if (f == AMOUNT && (d < 0 || isNegativeUnderflow(d))) {
            fail(invalid, "field 'amount' must be >= 0, was " + quote(p.getText()));
        } else {
            numbers[f] = d;
        }
    }

    /** -1e-400 reads as -0.0: a negative number all the same (-0 and -0.0 are zeros and are fine). */
    private boolean isNegativeUnderflow(double d) throws IOException {
        return d == 0.0 && Double.doubleToRawLongBits(d) != 0L && exact().signum() < 0;
    }

    /**
     * An integral number in [0, max]; returns -1 after recording a failure. Like JSON Schema, an
     * integral value written with a fraction or an exponent (5.0, 5e0) is an integer.
     */
    private long integer(JsonToken v, int f, long max, RejectReason invalid) throws IOException {
        final BigDecimal value;
        if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            final long x = p.getLongValue();
            if (x >= 0 && x <= max) {
                return x;
            }
            value = BigDecimal.valueOf(x);
        } else if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT && !isNonNumeric()) {
            value = exact();
            if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
                fail(RejectReason.WRONG_TYPE, "field '" + NAMES[f] + "' must be an integer, was " + quote(p.getText()));
                return -1;
            }
        } else {
            wrongType(v, f, "an integer");
            return -1;
        }
        if (value.signum() >= 0 && value.compareTo(BigDecimal.valueOf(max)) <= 0) {
            return value.longValueExact();
        }
        fail(invalid, "field '" + NAMES[f] + "' must be in [0, " + max + "], was " + quote(p.getText()));
        return -1;
    }

    /**
     * The exact value of the current number. An exponent beyond int range ({@code 1e9999999999}) overflows
     * {@link BigDecimal}; such a number stands in as 0 (a zero mantissa), as 1E+1000 (beyond every range
     * here) or as 1E-1000 (a fraction no integer can be), with its sign, so that the usual checks apply.
     */
    private BigDecimal exact() throws IOException {
        final String text = p.getText();
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException overflow) {
            final int e = Math.max(text.indexOf('e'), text.indexOf('E'));
            if (e < 0) {
                throw overflow;
            }
            final BigDecimal mantissa = new BigDecimal(text.substring(0, e));
            if (mantissa.signum() == 0) {
                return BigDecimal.ZERO;
            }
            final boolean tiny = text.charAt(e + 1) == '-';
            return new BigDecimal(BigInteger.valueOf(mantissa.signum()), tiny ? OVERFLOW_SCALE : -OVERFLOW_SCALE);
        }
    }

    /** Leakage columns: 0, 1, true or false are accepted (and dropped); anything else is a type error. */
    private void leakage(JsonToken v, int f) throws IOException {
        final boolean ok = switch (v) {
            case VALUE_TRUE, VALUE_FALSE -> true;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> !isNonNumeric() && isZeroOrOne(exact());
            default -> false;
        };
        if (!ok) {
            fail(RejectReason.WRONG_TYPE, "field '" + NAMES[f] + "' must be 0, 1, true or false, was " + describe(v));
            p.skipChildren();
        }
    }

    private static boolean isZeroOrOne(BigDecimal d) {
        return d.signum() == 0 || d.compareTo(BigDecimal.ONE) == 0;
    }

    /** NaN and the infinities (accepted as tokens so that they are rejected as values): the text ends in a letter. */
    private boolean isNonNumeric() throws IOException {
        final String text = p.getText();
        return text.isEmpty() || Character.isLetter(text.charAt(text.length() - 1));
    }

    private void wrongType(JsonToken v, int f, String expected) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            fail(RejectReason.MISSING_FIELD, "field '" + NAMES[f] + "' is null");
        } else {
            fail(RejectReason.WRONG_TYPE, "field '" + NAMES[f] + "' must be " + expected + ", was " + describe(v));
            p.skipChildren();
        }
    }

    /** Records the first field error only. */
    private void fail(RejectReason r, String d) {
        if (reason == null) {
            reason = r;
            detail = d;
        }
    }

    /** A duplicate key makes the document not (I-)JSON: it wins over field errors. */
    private void failStructural(String d) {
        if (reason != RejectReason.NOT_JSON) {
            reason = RejectReason.NOT_JSON;
            detail = d;
        }
    }

    private ParseResult result() {
        if (reason == null) {
            for (int f = 0; f < REQUIRED_COUNT; f++) {
                if ((seen & (1 << f)) == 0) {
                    return new ParseResult.Invalid(RejectReason.MISSING_FIELD, "missing field '" + NAMES[f] + "'",
                            transactionId);
                }
            }
            return new ParseResult.Valid(new TransactionEvent(transactionId, eventTime, (int) step, type,
                    numbers[AMOUNT], nameOrig, numbers[6], numbers[7], nameDest, numbers[9], numbers[10]));
        }
        return new ParseResult.Invalid(reason, detail, transactionId);
    }

    private String describe(JsonToken t) throws IOException {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + quote(p.getText());
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    private static String describe(JsonProcessingException e) {
        final JsonLocation at = e.getLocation();
        final String msg = truncate(String.valueOf(e.getOriginalMessage()).replace('\n', ' '), 200);
        return at == null || at.getByteOffset() < 0 ? msg : msg + " (at byte " + at.getByteOffset() + ")";
    }

    private static String quote(String s) {
        return "'" + truncate(s, MAX_DETAIL_VALUE) + "'";
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
