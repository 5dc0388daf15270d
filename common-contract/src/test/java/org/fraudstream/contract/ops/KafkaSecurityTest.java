package org.fraudstream.contract.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSecurityTest {

    private static final String SECRET = "s3cr3t-Pa55word";
    private static final String SCRAM_JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"scorer\" password=\"" + SECRET + "\";";

    @TempDir
    Path dir;

    @Test
    void shouldBeEmptyWhenNothingIsSet() {
        assertThat(KafkaSecurity.fromEnv(Map.of("FRAUD_BOOTSTRAP_SERVERS", "b:9092")).settings()).isEmpty();
    }

    @Test
    void shouldMapEverySettingOntoItsClientKeyWhenSaslSsl() throws Exception {
        final Path trust = Files.writeString(dir.resolve("trust.p12"), "x");
        final Path keys = Files.writeString(dir.resolve("keys.p12"), "x");
        final Map<String, String> env = new HashMap<>();
        env.put("FRAUD_KAFKA_SECURITY_PROTOCOL", "sasl_ssl");
        env.put("FRAUD_KAFKA_SASL_MECHANISM", "scram-sha-512");
        env.put("FRAUD_KAFKA_SASL_JAAS_CONFIG", SCRAM_JAAS);
        env.put("FRAUD_KAFKA_SSL_TRUSTSTORE_LOCATION", trust.toString());
        env.put("FRAUD_KAFKA_SSL_TRUSTSTORE_PASSWORD", SECRET + "-trust");
        env.put("FRAUD_KAFKA_SSL_TRUSTSTORE_TYPE", "pkcs12");
        env.put("FRAUD_KAFKA_SSL_KEYSTORE_LOCATION", keys.toString());
        env.put("FRAUD_KAFKA_SSL_KEYSTORE_PASSWORD", SECRET + "-keys");
        env.put("FRAUD_KAFKA_SSL_KEYSTORE_TYPE", "PKCS12");
        env.put("FRAUD_KAFKA_SSL_KEY_PASSWORD", SECRET + "-key");
        env.put("FRAUD_KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM", "");

        final KafkaSecurity security = KafkaSecurity.fromEnv(env);

        final Map<String, Object> s = security.settings();
        assertThat(s).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                .containsEntry(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512")
                .containsEntry(SaslConfigs.SASL_JAAS_CONFIG, new Password(SCRAM_JAAS))
                .containsEntry(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, trust.toString())
                .containsEntry(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, new Password(SECRET + "-trust"))
                .containsEntry(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12")
                .containsEntry(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, new Password(SECRET + "-keys"))
                .containsEntry(SslConfigs.SSL_KEY_PASSWORD_CONFIG, new Password(SECRET + "-key"))
                .containsEntry(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "")
                .hasSize(11);
        assertThat(security.toString()).doesNotContain(SECRET).contains(Password.HIDDEN);
    }

    @Test
    void shouldBeAcceptedByAKafkaClientWhenSecretsArePasswords() {
        final Map<String, Object> props = KafkaSecurity.fromEnv(saslScram()).withOverrides(Map.of());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");

        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        final ProducerConfig parsed = new ProducerConfig(props);

        assertThat(parsed.getPassword(SaslConfigs.SASL_JAAS_CONFIG).value()).isEqualTo(SCRAM_JAAS);
        assertThat(parsed.getString(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)).isEqualTo("SASL_PLAINTEXT");
    }

    @Test
    void shouldLetServiceOverridesWinAndHideTheirSecrets() {
        final Map<String, Object> merged = KafkaSecurity.fromEnv(saslScram()).withOverrides(
                Map.of(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512", "producer.ssl.key.password", SECRET));

        assertThat(merged).containsEntry(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512")
                .containsEntry("producer.ssl.key.password", new Password(SECRET));
        assertThat(merged.toString()).doesNotContain(SECRET);
    }

    @Test
    void shouldHidePasswordSettingsPassedThroughAPrefix() {
        final Map<String, Object> s = EnvSettings.withPrefix(Map.of("FRAUD_STREAMS_SASL_JAAS_CONFIG", SCRAM_JAAS,
                "FRAUD_STREAMS_LINGER_MS", "5"), "FRAUD_STREAMS_");

        assertThat(s).containsEntry("sasl.jaas.config", new Password(SCRAM_JAAS)).containsEntry("linger.ms", "5");
        assertThat(s.toString()).doesNotContain(SECRET);
    }

    @Test
    void shouldNameTheVariableWhenTheProtocolIsUnknown() {
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(Map.of("FRAUD_KAFKA_SECURITY_PROTOCOL", "TLS")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("FRAUD_KAFKA_SECURITY_PROTOCOL must be one of")
                .hasMessageContaining("SASL_SSL").hasMessageContaining("'TLS'");
    }

    @Test
    void shouldNameTheVariableWhenTheMechanismIsUnknown() {
        final Map<String, String> env = saslScram();
        env.put("FRAUD_KAFKA_SASL_MECHANISM", "GSSAPI");

        assertThatThrownBy(() -> KafkaSecurity.fromEnv(env)).hasMessageStartingWith(
                "FRAUD_KAFKA_SASL_MECHANISM must be one of [PLAIN, SCRAM-SHA-256, SCRAM-SHA-512], was 'GSSAPI'");
    }

    @Test
    void shouldRequireMechanismAndJaasWhenSasl() {
        final Map<String, String> noMechanism = saslScram();
        noMechanism.remove("FRAUD_KAFKA_SASL_MECHANISM");
        final Map<String, String> noJaas = saslScram();
        noJaas.remove("FRAUD_KAFKA_SASL_JAAS_CONFIG");

        assertThatThrownBy(() -> KafkaSecurity.fromEnv(noMechanism))
                .hasMessageStartingWith("FRAUD_KAFKA_SASL_MECHANISM must be set with SASL_PLAINTEXT");
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(noJaas))
                .hasMessageStartingWith("FRAUD_KAFKA_SASL_JAAS_CONFIG must be set with SASL_PLAINTEXT");
    }

    @Test
    void shouldRefuseAJaasConfigOfAnotherMechanismWithoutShowingIt() {
        final Map<String, String> env = saslScram();
        env.put("FRAUD_KAFKA_SASL_MECHANISM", "PLAIN");

        assertThatThrownBy(() -> KafkaSecurity.fromEnv(env))
                .hasMessageStartingWith("FRAUD_KAFKA_SASL_JAAS_CONFIG must start with "
                        + "org.apache.kafka.common.security.plain.PlainLoginModule")
                .message().doesNotContain(SECRET);
    }

    @Test
    void shouldRefuseSettingsThatTheProtocolWouldIgnore() {
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(Map.of("FRAUD_KAFKA_SASL_JAAS_CONFIG", SCRAM_JAAS)))
                .hasMessageStartingWith("FRAUD_KAFKA_SASL_JAAS_CONFIG is only used with SASL_PLAINTEXT or SASL_SSL")
                .message().doesNotContain(SECRET);
        final Map<String, String> env = saslScram();
        env.put("FRAUD_KAFKA_SSL_TRUSTSTORE_PASSWORD", SECRET);
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(env))
                .hasMessageStartingWith("FRAUD_KAFKA_SSL_TRUSTSTORE_PASSWORD is only used with SSL or SASL_SSL")
                .message().doesNotContain(SECRET);
    }

    @Test
    void shouldNameTheVariableWhenAStoreIsMissingOrOfUnknownType() {
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(Map.of("FRAUD_KAFKA_SECURITY_PROTOCOL", "SSL",
                "FRAUD_KAFKA_SSL_TRUSTSTORE_LOCATION", dir.resolve("none.jks").toString())))
                .hasMessageStartingWith("FRAUD_KAFKA_SSL_TRUSTSTORE_LOCATION names no readable file");
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(Map.of("FRAUD_KAFKA_SECURITY_PROTOCOL", "SSL",
                "FRAUD_KAFKA_SSL_KEYSTORE_TYPE", "BKS")))
                .hasMessageStartingWith("FRAUD_KAFKA_SSL_KEYSTORE_TYPE must be one of [JKS, PEM, PKCS12], was 'BKS'");
        assertThatThrownBy(() -> KafkaSecurity.fromEnv(Map.of("FRAUD_KAFKA_SECURITY_PROTOCOL", "SSL",
                "FRAUD_KAFKA_SSL_KEY_PASSWORD", SECRET)))
                .hasMessageStartingWith("FRAUD_KAFKA_SSL_KEY_PASSWORD is set but FRAUD_KAFKA_SSL_KEYSTORE_LOCATION");
    }

    @Test
    void shouldKnowKafkasPasswordSettingsBehindPrefixes() {
        assertThat(KafkaSecurity.isSecret("sasl.jaas.config")).isTrue();
        assertThat(KafkaSecurity.isSecret("main.consumer.ssl.truststore.password")).isTrue();
        assertThat(KafkaSecurity.isSecret("producer.ssl.keystore.key")).isTrue();
        assertThat(KafkaSecurity.isSecret("ssl.truststore.location")).isFalse();
        assertThat(KafkaSecurity.isSecret("linger.ms")).isFalse();
    }

    private static Map<String, String> saslScram() {
        final Map<String, String> env = new HashMap<>();
        env.put("FRAUD_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("FRAUD_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256");
        env.put("FRAUD_KAFKA_SASL_JAAS_CONFIG", SCRAM_JAAS);
        return env;
    }
}
