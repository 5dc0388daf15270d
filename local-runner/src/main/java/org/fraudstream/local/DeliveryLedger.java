package org.fraudstream.local;

import java.util.HashMap;
import java.util.Map;

/**
 * What was sent and what came out, to count input records delivered never (missing) or more than once
 * (duplicates). In: the valid events sent, whose transaction ids are {@code runId + "-" + seq} with
 * seq 0, 1, 2...; the malformed records sent, known by their partition and offset in the input topic;
 * then every outcome read: a scored event by its transaction id, a DLQ record by its source offset
 * (a malformed payload may carry no readable id, or a made-up one) or else the id it names.
 * Out: counts. Anything that matches no input is counted as unexpected. Thread-safe.
 */
final class DeliveryLedger {

    private final String idPrefix;
    private int[] eventCounts = new int[1 << 16];
    private long events;
    /** (partition << 40 | offset) of each malformed record sent, to its index in {@link #malformedCounts}. */
    private final Map<Long, Integer> malformedIndex = new HashMap<>();
    private int[] malformedCounts = new int[1024];
    private long unexpected;

    DeliveryLedger(String runId) {
        this.idPrefix = runId + "-";
    }

    /** The transaction id of the {@code seq}-th valid event. */
    String eventId(long seq) {
        return idPrefix + seq;
    }

    /** A valid event with id {@link #eventId}{@code (seq)} was sent; seq values come in order from 0. */
    synchronized void sentEvent(long seq) {
        if (seq != events) {
            throw new IllegalArgumentException("events must be recorded in order: expected " + events + ", got " + seq);
        }
        if (seq >= eventCounts.length) {
            eventCounts = java.util.Arrays.copyOf(eventCounts, eventCounts.length * 2);
        }
        events++;
    }

    /** A malformed record was written at {@code partition}/{@code offset} of the input topic. */
    synchronized void sentMalformed(int partition, long offset) {
        final int index = malformedIndex.size();
        if (malformedIndex.putIfAbsent(position(partition, offset), index) != null) {
            throw new IllegalArgumentException("malformed record at " + partition + "/" + offset + " recorded twice");
        }
        if (index >= malformedCounts.length) {
            malformedCounts = java.util.Arrays.copyOf(malformedCounts, malformedCounts.length * 2);
        }
    }

    /** A scored event (anomalies or metrics) with this transaction id was read. */
    synchronized void scored(String transactionId) {
        final long seq = seqOf(transactionId);
        if (seq < 0) {
            unexpected++;
        } else {
            eventCounts[(int) seq]++;
        }
    }

    /**
     * A DLQ record was read for the input record at {@code partition}/{@code offset} of the input topic
     * ({@code fromInput} false: of another topic), naming {@code transactionId} (or {@code null}).
     */
    synchronized void rejected(boolean fromInput, int partition, long offset, String transactionId) {
        final Integer m = fromInput ? malformedIndex.get(position(partition, offset)) : null;
        if (m != null) {
            malformedCounts[m]++;
        } else if (transactionId != null) {
            scored(transactionId); // a valid event rejected while processing still counts as delivered
        } else {
            unexpected++;
        }
    }

    private long seqOf(String id) {
        if (id == null || !id.startsWith(idPrefix) || id.length() == idPrefix.length() || id.length() > idPrefix.length() + 18) {
            return -1;
        }
        long seq = 0;
        for (int i = idPrefix.length(); i < id.length(); i++) {
            final char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            seq = seq * 10 + (c - '0');
        }
        return seq < events ? seq : -1;
    }

    private static long position(int partition, long offset) {
        return ((long) partition << 40) | offset;
    }

    /** Records sent: valid events and malformed ones. */
    synchronized long sent() {
        return events + malformedIndex.size();
    }

    synchronized long malformedSent() {
        return malformedIndex.size();
    }

    /** Records sent that no outcome accounts for. */
    synchronized long missing() {
        long n = 0;
        for (int i = 0; i < events; i++) {
            n += eventCounts[i] == 0 ? 1 : 0;
        }
        for (int i = 0; i < malformedIndex.size(); i++) {
            n += malformedCounts[i] == 0 ? 1 : 0;
        }
        return n;
    }

    /** Outcomes beyond the first for a record sent (a record delivered three times counts 2). */
    synchronized long duplicates() {
        long n = 0;
        for (int i = 0; i < events; i++) {
            n += Math.max(0, eventCounts[i] - 1);
        }
        for (int i = 0; i < malformedIndex.size(); i++) {
            n += Math.max(0, malformedCounts[i] - 1);
        }
        return n;
    }

    /** Records sent that came out more than once. */
    synchronized long duplicatedRecords() {
        long n = 0;
        for (int i = 0; i < events; i++) {
            n += eventCounts[i] > 1 ? 1 : 0;
        }
        for (int i = 0; i < malformedIndex.size(); i++) {
            n += malformedCounts[i] > 1 ? 1 : 0;
        }
        return n;
    }

    /** Outcomes that match no record sent (another run's, or a damaged id). */
    synchronized long unexpected() {
        return unexpected;
    }
}
