package org.fraudstream.feedback.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the broker answers: an Admin {@code describeCluster} with a short timeout, its answer kept
 * for {@code ttl} so that frequent /health probes do not become broker traffic.
 */
public final class KafkaHealth implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaHealth.class);
    private static final int CHECK_TIMEOUT_MS = 2_000;

    private final Admin admin;
    private final long ttlNanos;
    private final LongSupplier clock;
    private long checkedAt;
    private boolean up;
    private boolean checked;

    public KafkaHealth(String bootstrapServers, Duration ttl, Map<String, Object> overrides) {
        final Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, "feedback-api-health");
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, CHECK_TIMEOUT_MS);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, CHECK_TIMEOUT_MS);
        c.putAll(overrides);
        this.admin = Admin.create(c);
        this.ttlNanos = ttl.toNanos();
        this.clock = System::nanoTime;
    }

    /** Whether the broker answered (now, or within the last {@code ttl}). */
    public synchronized boolean kafkaUp() {
        final long now = clock.getAsLong();
        if (!checked || now - checkedAt >= ttlNanos) {
            final boolean nowUp = check();
            if (checked && nowUp != up) {
                LOG.info("broker {}", nowUp ? "reachable again" : "unreachable");
            }
            up = nowUp;
            checkedAt = clock.getAsLong();
            checked = true;
        }
        return up;
    }

    private boolean check() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(CHECK_TIMEOUT_MS))
                    .nodes().get(CHECK_TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.debug("broker check failed", e); // the answer is DOWN; the cause is noise at every probe
            return false;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
