package org.fraudstream.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private static final String A = "alpha-key-0123456789";
    private static final String B = "bravo-key-0123456789";

    @Test
    void shouldAcceptEveryListedKeyWhenParsedFromCommaSeparatedList() {
        final ApiKeys keys = ApiKeys.parse(" " + A + " ,," + B + ",");

        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.accepts(A)).isTrue();
        assertThat(keys.accepts(B)).isTrue();
    }

    @Test
    void shouldRejectWhenKeyIsMissingWrongOrAPrefix() {
        final ApiKeys keys = ApiKeys.parse(A);

        assertThat(keys.accepts(null)).isFalse();
        assertThat(keys.accepts("")).isFalse();
        assertThat(keys.accepts(B)).isFalse();
        assertThat(keys.accepts(A.substring(0, A.length() - 1))).isFalse();
        assertThat(keys.accepts(A + " ")).isFalse();
    }

    @Test
    void shouldNotShowTheKeysWhenPrinted() {
        assertThat(ApiKeys.parse(A + "," + B).toString()).doesNotContain(A, B).contains("2 keys");
    }

    @Test
    void shouldFailNamingTheVariableWhenNoKeyOrAShortKeyIsGiven() {
        assertThatThrownBy(() -> ApiKeys.parse(null)).hasMessageContaining("FRAUD_API_KEYS");
        assertThatThrownBy(() -> ApiKeys.parse(" , ")).hasMessageContaining("FRAUD_API_KEYS");
        assertThatThrownBy(() -> ApiKeys.parse(A + ",short")).hasMessageContaining("FRAUD_API_KEYS")
                .hasMessageContaining("16");
    }
}
