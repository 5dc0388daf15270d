package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

    /** The child: says what it was given, then runs until it is stopped or killed. */
    public static final class Child {
        public static void main(String[] args) throws InterruptedException {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
            System.out.println("started " + String.join(",", args) + " with " + System.getenv("CHILD_JVM_TEST"));
            Thread.currentThread().join(); // until a signal ends the JVM
        }
    }

    @TempDir
    Path dir;

    @Test
    void killEndsTheProcessWithoutItsShutdownHooks() throws Exception {
        final Path log = dir.resolve("logs/child.log");
        final ChildJvm child = start(log);
        Await.until(() -> read(log).contains("started a,b with given"), Duration.ofSeconds(30), () -> read(log));
        assertThat(child.isAlive()).isTrue();

        assertThat(child.kill()).isEqualTo(137); // 128 + SIGKILL
        assertThat(child.isAlive()).isFalse();
        assertThat(read(log)).doesNotContain("shutdown hook ran");
    }

    @Test
    void stopRunsShutdownHooksAndRestartsAppendToTheLog() throws Exception {
        final Path log = dir.resolve("child.log");
        final ChildJvm first = start(log);
        Await.until(() -> read(log).contains("started"), Duration.ofSeconds(30), () -> read(log));
        assertThat(first.stop(Duration.ofSeconds(30))).isEqualTo(143); // 128 + SIGTERM
        assertThat(read(log)).contains("shutdown hook ran");

        try (ChildJvm second = start(log)) {
            Await.until(() -> read(log).split("started", -1).length == 3, Duration.ofSeconds(30), () -> read(log));
            assertThat(second.pid()).isNotEqualTo(first.pid());
            assertThat(second.awaitExit(Duration.ofMillis(50))).isNull(); // still running
        }
    }

    @Test
    void awaitLineSeesOnlyTheCurrentProcessOutput() throws Exception {
        final Path log = dir.resolve("line.log");
        Files.writeString(log, "started by an earlier run\n");
        try (ChildJvm child = start(log)) {
            assertThat(child.awaitLine("started ", Duration.ofSeconds(30))).isEqualTo("a,b with given");
            child.kill();
            assertThatThrownBy(() -> child.awaitLine("never printed", Duration.ofSeconds(30)))
                    .hasMessageContaining("exited with 137");
        }
    }

    private static ChildJvm start(Path log) throws IOException {
        return ChildJvm.start("child", Child.class.getName(), List.of("-Xmx64m"), List.of("a", "b"),
                Map.of("CHILD_JVM_TEST", "given"), log);
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
