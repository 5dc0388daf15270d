package org.fraudstream.contract.ops;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's meter registry (what {@code /metrics} serves) with the JVM and process meters every
 * service exposes: memory ({@code jvm_memory_*}, {@code jvm_buffer_*}), GC ({@code jvm_gc_*}, including
 * {@code jvm_gc_overhead} and {@code jvm_memory_usage_after_gc}), threads ({@code jvm_threads_*}), class
 * loading ({@code jvm_classes_*}), CPU ({@code process_cpu_usage}, {@code system_cpu_usage},
 * {@code system_cpu_count}, {@code system_load_average_1m}), uptime ({@code process_uptime_seconds},
 * {@code process_start_time_seconds}) and file descriptors ({@code process_files_open_files},
 * {@code process_files_max_files}).
 *
 * <p>Binders that hold resources (the GC listeners, Kafka client binders passed to {@link #bind}) are
 * closed by {@link #close()}, in reverse order, before the registry: several services may share one
 * JVM (the local runner), and each must leave nothing behind when it stops.
 */
public final class ServiceMeters implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMeters.class);

    private final PrometheusMeterRegistry registry;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

    private ServiceMeters(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /** A new registry with the JVM and process meters bound. */
    public static ServiceMeters create() {
        final ServiceMeters m = new ServiceMeters(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        new JvmMemoryMetrics().bindTo(m.registry);
        m.bind(new JvmGcMetrics());
        m.bind(new JvmHeapPressureMetrics());
        new JvmThreadMetrics().bindTo(m.registry);
        new ClassLoaderMetrics().bindTo(m.registry);
        new ProcessorMetrics().bindTo(m.registry);
        new UptimeMetrics().bindTo(m.registry);
        new FileDescriptorMetrics().bindTo(m.registry);
        return m;
    }

    /** Binds {@code binder} to the registry and closes it in {@link #close()}; returns it. */
    public <T extends MeterBinder & AutoCloseable> T bind(T binder) {
        binder.bindTo(registry);
        closeables.push(binder);
        return binder;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Closes the bound binders (last bound first), then the registry. */
    @Override
    public void close() {
        while (!closeables.isEmpty()) {
            final AutoCloseable c = closeables.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing meter binder {} failed", c.getClass().getSimpleName(), e);
            }
        }
        registry.close();
    }
}
