package org.fraudstream.contract.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * The Kafka client security settings of every service and tool, read the same way from the
 * environment and validated up front: a bad value fails with a message that names its variable
 * (and never repeats a secret).
 *
 * <table>
 *   <caption>environment</caption>
 *   <tr><td>{@code FRAUD_KAFKA_SECURITY_PROTOCOL}</td><td>{@code PLAINTEXT} (default), {@code SSL},
 *       {@code SASL_PLAINTEXT} or {@code SASL_SSL}</td></tr>
 *   <tr><td>{@code FRAUD_KAFKA_SASL_MECHANISM}</td><td>{@code SCRAM-SHA-256}, {@code SCRAM-SHA-512} or
 *       {@code PLAIN}; required with a SASL protocol</td></tr>
 *   <tr><td>{@code FRAUD_KAFKA_SASL_JAAS_CONFIG}</td><td>secret; required with a SASL protocol, its login module
 *       must match the mechanism</td></tr>
 *   <tr><td>{@code FRAUD_KAFKA_SSL_TRUSTSTORE_LOCATION}, {@code _PASSWORD} (secret), {@code _TYPE}</td>
 *       <td>with {@code SSL} or {@code SASL_SSL}; the type {@code JKS}, {@code PKCS12} or {@code PEM}</td></tr>
 *   <tr><td>{@code FRAUD_KAFKA_SSL_KEYSTORE_LOCATION}, {@code _PASSWORD} (secret), {@code _TYPE},
 *       {@code FRAUD_KAFKA_SSL_KEY_PASSWORD} (secret)</td><td>client certificates (mutual TLS)</td></tr>
 *   <tr><td>{@code FRAUD_KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM}</td><td>{@code https} (Kafka's default) or
 *       empty to turn host name verification off</td></tr>
 * </table>
 *
 * <p>Secrets are held as Kafka {@link Password}s, which print as {@value Password#HIDDEN} and which every
 * Kafka client accepts in place of the plain string: a config record that carries {@link #settings()}
 * can be logged as it is.
 */
public final class KafkaSecurity {

    public static final String ENV_PREFIX = "FRAUD_KAFKA_";
    public static final Set<String> MECHANISMS = Set.of("SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN");
    public static final Set<String> STORE_TYPES = Set.of("JKS", "PKCS12", "PEM");
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    /** The client settings this class reads, each from {@code FRAUD_KAFKA_} + the key upper-cased, dots as '_'. */
    static final List<String> KEYS = List.of(
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
            SaslConfigs.SASL_MECHANISM,
            SaslConfigs.SASL_JAAS_CONFIG,
            SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
            SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG,
            SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG,
            SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
            SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG,
            SslConfigs.SSL_KEYSTORE_TYPE_CONFIG,
            SslConfigs.SSL_KEY_PASSWORD_CONFIG,
            SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG);
    private static final Set<String> SECRETS = Set.of(SaslConfigs.SASL_JAAS_CONFIG,
            SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG,
            SslConfigs.SSL_KEY_PASSWORD_CONFIG);

    /** Every setting that a Kafka client declares as a password. */
    private static final Set<String> PASSWORD_KEYS = Stream.of(ConsumerConfig.configDef(), ProducerConfig.configDef(),
                    AdminClientConfig.configDef())
            .flatMap(d -> d.configKeys().values().stream())
            .filter(k -> k.type == ConfigDef.Type.PASSWORD)
            .map(k -> k.name)
            .collect(Collectors.toUnmodifiableSet());

    private static final KafkaSecurity NONE = new KafkaSecurity(Map.of());

    private final Map<String, Object> settings;

    private KafkaSecurity(Map<String, Object> settings) {
        this.settings = settings;
    }

    /** No security settings: Kafka's defaults (PLAINTEXT). */
    public static KafkaSecurity none() {
        return NONE;
    }

    /** The environment variable that carries the client setting {@code key}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /**
     * Reads and validates the {@code FRAUD_KAFKA_*} security settings of {@code env}.
     *
     * @throws IllegalArgumentException naming the first bad variable
     */
    public static KafkaSecurity fromEnv(Map<String, String> env) {
        final Map<String, String> raw = new LinkedHashMap<>();
        for (String key : KEYS) {
            final String v = env.get(envName(key));
            if (v != null && (!v.isBlank() || key.equals(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG))) {
                raw.put(key, SECRETS.contains(key) ? v : v.trim());
            }
        }
        if (raw.isEmpty()) {
            return NONE;
        }
        final SecurityProtocol protocol = protocol(raw.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG));
        validateSasl(protocol, raw);
        validateSsl(protocol, raw);
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol.name);
        raw.forEach((k, v) -> {
            if (!k.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)) {
                out.put(k, SECRETS.contains(k) ? new Password(v) : v);
            }
        });
        return new KafkaSecurity(java.util.Collections.unmodifiableMap(out));
    }

    private static SecurityProtocol protocol(String value) {
        if (value == null) {
            return SecurityProtocol.PLAINTEXT;
        }
        final String upper = value.toUpperCase(Locale.ROOT);
        return Arrays.stream(SecurityProtocol.values()).filter(p -> p.name.equals(upper)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(envName(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
                        + " must be one of " + SecurityProtocol.names() + ", was '" + value + "'"));
    }

    private static void validateSasl(SecurityProtocol protocol, Map<String, String> raw) {
        final boolean sasl = protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL;
        final String mechanism = raw.get(SaslConfigs.SASL_MECHANISM);
        final String jaas = raw.get(SaslConfigs.SASL_JAAS_CONFIG);
        if (!sasl) {
            for (String key : List.of(SaslConfigs.SASL_MECHANISM, SaslConfigs.SASL_JAAS_CONFIG)) {
                require(!raw.containsKey(key), key, "is only used with SASL_PLAINTEXT or SASL_SSL, but "
                        + envName(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG) + " is " + protocol.name);
            }
            return;
        }
        require(mechanism != null, SaslConfigs.SASL_MECHANISM, "must be set with " + protocol.name + ": one of "
                + sorted(MECHANISMS));
        final String upper = mechanism.toUpperCase(Locale.ROOT);
        require(MECHANISMS.contains(upper), SaslConfigs.SASL_MECHANISM, "must be one of " + sorted(MECHANISMS)
                + ", was '" + mechanism + "'");
        raw.put(SaslConfigs.SASL_MECHANISM, upper);
        require(jaas != null, SaslConfigs.SASL_JAAS_CONFIG, "must be set with " + protocol.name + ", e.g. "
                + SCRAM_MODULE + " required username=\"...\" password=\"...\";");
        final String module = upper.startsWith("SCRAM-") ? SCRAM_MODULE : PLAIN_MODULE;
        // The value is a secret: the message names the expected module, never what was given.
        require(jaas.strip().startsWith(module + " "), SaslConfigs.SASL_JAAS_CONFIG,
                "must start with " + module + " for " + upper + " (value not shown)");
        require(jaas.strip().endsWith(";"), SaslConfigs.SASL_JAAS_CONFIG, "must end with ';' (value not shown)");
    }

    private static void validateSsl(SecurityProtocol protocol, Map<String, String> raw) {
        final boolean ssl = protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL;
        for (String key : raw.keySet()) {
            if (key.startsWith("ssl.")) {
                require(ssl, key, "is only used with SSL or SASL_SSL, but "
                        + envName(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG) + " is " + protocol.name);
            }
        }
        storeFile(raw, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
        storeFile(raw, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
        storeType(raw, SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG);
        storeType(raw, SslConfigs.SSL_KEYSTORE_TYPE_CONFIG);
        requireWith(raw, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
        requireWith(raw, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
        requireWith(raw, SslConfigs.SSL_KEY_PASSWORD_CONFIG, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);
        final String endpoint = raw.get(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG);
        if (endpoint != null) {
            final String lower = endpoint.trim().toLowerCase(Locale.ROOT);
            require(lower.isEmpty() || lower.equals("https"), SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG,
                    "must be https or empty (no host name verification), was '" + endpoint + "'");
            raw.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, lower);
        }
    }

    private static void storeFile(Map<String, String> raw, String key) {
        final String location = raw.get(key);
        if (location != null) {
            require(Files.isReadable(Path.of(location)), key, "names no readable file: " + location);
        }
    }

    private static void storeType(Map<String, String> raw, String key) {
        final String type = raw.get(key);
        if (type != null) {
            final String upper = type.toUpperCase(Locale.ROOT);
            require(STORE_TYPES.contains(upper), key, "must be one of " + sorted(STORE_TYPES) + ", was '" + type + "'");
            raw.put(key, upper);
        }
    }

    private static void requireWith(Map<String, String> raw, String key, String needed) {
        require(!raw.containsKey(key) || raw.containsKey(needed), key, "is set but " + envName(needed) + " is not");
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().collect(Collectors.toList());
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new IllegalArgumentException(envName(key) + " " + message);
        }
    }

    /** The client settings (keys from {@code CommonClientConfigs}, {@code SaslConfigs}, {@code SslConfigs}). */
    public Map<String, Object> settings() {
        return settings;
    }

    public boolean isEmpty() {
        return settings.isEmpty();
    }

    /**
     * These settings with {@code overrides} on top: what a service gives each of its clients when it
     * also takes per-service settings (e.g. {@code FRAUD_STREAMS_*}), which win.
     */
    public Map<String, Object> withOverrides(Map<String, ?> overrides) {
        final Map<String, Object> out = new HashMap<>(settings);
        overrides.forEach((k, v) -> out.put(k, v instanceof String s && isSecret(k) ? new Password(s) : v));
        return out;
    }

    /** Adds these settings to a client's configuration; what the client already sets is kept. */
    public <M extends Map<? super String, Object>> M applyTo(M clientConfig) {
        settings.forEach(clientConfig::putIfAbsent);
        return clientConfig;
    }

    /**
     * Whether the client setting {@code key}, possibly behind a prefix such as {@code producer.} or
     * {@code main.consumer.}, is one that Kafka declares a password (and so prints as {@value Password#HIDDEN}).
     */
    public static boolean isSecret(String key) {
        String rest = key.toLowerCase(Locale.ROOT);
        while (!PASSWORD_KEYS.contains(rest)) {
            final int dot = rest.indexOf('.');
            if (dot < 0) {
                return false;
            }
            rest = rest.substring(dot + 1);
        }
        return true;
    }

    @Override
    public String toString() {
        return "KafkaSecurity" + settings; // secrets are Passwords: they print as [hidden]
    }
}
