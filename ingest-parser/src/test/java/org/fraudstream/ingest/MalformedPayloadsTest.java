package org.fraudstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.fraudstream.contract.RejectReason;
import org.fraudstream.contract.TransactionEvent;
import org.junit.jupiter.api.Test;

class MalformedPayloadsTest {

    private static final EventParser PARSER = new EventParser();

    @Test
    void shouldBeRejectedForVariedReasonsWhenParsed() {
        final MalformedPayloads malformed = new MalformedPayloads(7);
        final TrafficGenerator rows = new TrafficGenerator(GeneratorConfig.defaults(7));
        final Set<RejectReason> reasons = EnumSet.noneOf(RejectReason.class);

        for (int i = 0; i < 1_000; i++) {
            final TransactionEvent basis = rows.next().toEvent("run-" + i, Replayer.eventTimeMs(i));
            final ParseResult result = PARSER.parse(malformed.next(basis));
            assertThat(result).as("payload %d", i).isInstanceOf(ParseResult.Invalid.class);
            reasons.add(((ParseResult.Invalid) result).reason());
        }

        assertThat(reasons).hasSizeGreaterThanOrEqualTo(12)
                .containsAll(EnumSet.complementOf(EnumSet.of(RejectReason.PROCESSING_ERROR)));
    }

    @Test
    void shouldBeRejectedWhenTheParserAllowsLargerPayloads() {
        final EventParser lenient = new EventParser(1 << 20);
        final MalformedPayloads malformed = new MalformedPayloads(3);

        for (int i = 0; i < 200; i++) {
            assertThat(lenient.parse(malformed.next(RawJson.BASE))).as("payload %d", i)
                    .isInstanceOf(ParseResult.Invalid.class);
        }
    }

    @Test
    void shouldRepeatTheSamePayloadsWhenSeededAlike() {
        assertThat(payloads(11)).containsExactlyElementsOf(payloads(11));
        assertThat(payloads(11)).isNotEqualTo(payloads(12));
    }

    private static List<String> payloads(long seed) {
        final MalformedPayloads malformed = new MalformedPayloads(seed);
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            out.add(java.util.HexFormat.of().formatHex(malformed.next(RawJson.BASE)));
        }
        return out;
    }
}
