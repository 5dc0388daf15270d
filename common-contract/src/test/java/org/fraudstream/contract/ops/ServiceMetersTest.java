package org.fraudstream.contract.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceMetersTest {

    @Test
    void shouldExposeJvmAndProcessMetersInPrometheusNamesWhenCreated() {
        try (ServiceMeters meters = ServiceMeters.create()) {
            final String scrape = meters.registry().scrape();
            assertThat(scrape).contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads",
                    "jvm_classes_loaded_classes", "process_cpu_usage", "system_cpu_usage", "process_uptime_seconds",
                    "process_start_time_seconds", "jvm_gc_overhead");
            if (System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
                assertThat(scrape).contains("process_files_open_files", "process_files_max_files");
            }
        }
    }

    @Test
    void shouldCloseBoundBindersInReverseOrderWhenClosed() {
        final AtomicInteger order = new AtomicInteger();
        final ClosingBinder first = new ClosingBinder(order);
        final ClosingBinder second = new ClosingBinder(order);
        final ServiceMeters meters = ServiceMeters.create();
        meters.bind(first);
        meters.bind(second);
        assertThat(meters.registry().find("test.binder").gauges()).hasSize(1);

        meters.close();

        assertThat(second.closedAs).isEqualTo(1);
        assertThat(first.closedAs).isEqualTo(2);
        assertThat(meters.registry().isClosed()).isTrue();
    }

    private static final class ClosingBinder implements MeterBinder, AutoCloseable {
        private final AtomicInteger order;
        int closedAs;

        ClosingBinder(AtomicInteger order) {
            this.order = order;
        }

        @Override
        public void bindTo(MeterRegistry registry) {
            registry.gauge("test.binder", 1.0);
        }

        @Override
        public void close() {
            closedAs = order.incrementAndGet();
        }
    }
}
