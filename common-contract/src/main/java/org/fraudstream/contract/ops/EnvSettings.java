package org.fraudstream.contract.ops;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Kafka settings passed through the environment, the same way for every service. */
public final class EnvSettings {

    private EnvSettings() {
    }

    /**
     * Every {@code <prefix>FOO_BAR=v} of {@code env} as the setting {@code foo.bar=v}: e.g. with the
     * prefix {@code FRAUD_STREAMS_}, {@code FRAUD_STREAMS_SECURITY_PROTOCOL=SASL_SSL} becomes
     * {@code security.protocol=SASL_SSL}.
     */
    public static Map<String, Object> withPrefix(Map<String, String> env, String prefix) {
        final Map<String, Object> out = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        return out;
    }
}
