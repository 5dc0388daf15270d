package org.fraudstream.contract.ops;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;

/**
 * Kafka settings passed through the environment, the same way for every service: the security settings
 * in {@link KafkaSecurity}, per-service extras with a prefix here.
 */
public final class EnvSettings {

    private EnvSettings() {
    }

    /**
     * Every {@code <prefix>FOO_BAR=v} of {@code env} as the setting {@code foo.bar=v}: e.g. with the
     * prefix {@code FRAUD_STREAMS_}, {@code FRAUD_STREAMS_SECURITY_PROTOCOL=SASL_SSL} becomes
     * {@code security.protocol=SASL_SSL}. Settings that Kafka declares passwords (e.g. {@code sasl.jaas.config})
     * come back as {@link Password}s, which print as {@value Password#HIDDEN}.
     */
    public static Map<String, Object> withPrefix(Map<String, String> env, String prefix) {
        final Map<String, Object> out = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                final String key = k.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                out.put(key, KafkaSecurity.isSecret(key) ? new Password(v) : v);
            }
        });
        return out;
    }
}
