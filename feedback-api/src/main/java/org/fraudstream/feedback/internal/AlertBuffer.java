package org.fraudstream.feedback.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.fraudstream.contract.ScoredEvent;

/** The most recent anomalies, at most {@code capacity}; the oldest leaves when a new one comes. */
public final class AlertBuffer {

    private final int capacity;
    private final ArrayDeque<ScoredEvent> events;

    public AlertBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        this.events = new ArrayDeque<>(capacity);
    }

    public synchronized void add(ScoredEvent event) {
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(event);
    }

    /** Up to {@code limit} anomalies, newest first. */
    public synchronized List<ScoredEvent> newest(int limit) {
        final List<ScoredEvent> out = new ArrayList<>(Math.min(limit, events.size()));
        final Iterator<ScoredEvent> it = events.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next());
        }
        return out;
    }

    public synchronized int size() {
        return events.size();
    }
}
