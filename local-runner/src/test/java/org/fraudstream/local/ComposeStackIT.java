package org.fraudstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * docker-compose.yml brought up for real (`docker compose`, images built from this checkout): every
 * service answers /health, generated traffic gets scored, Prometheus scrapes the three services and
 * Grafana serves the provisioned dashboard. Needs a Docker engine with the compose plugin and the
 * stack's host ports free (8000-8002, 9090, 3000, 9094); tagged {@code docker}, run with
 * {@code ./mvnw -B verify -Pdocker}. The first run builds the image and trains the model: minutes.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackIT {

    private static final Duration STARTUP = Duration.ofMinutes(20);
    private static final Pattern SCORED = Pattern.compile("(?m)^stream_events_scored_total(?:\\{[^}]*})? ([0-9.eE+]+)$");

    @Container
    static final ComposeContainer STACK = new ComposeContainer(InfraFiles.path(InfraFiles.COMPOSE).toFile())
            .withLocalCompose(true)
            .withBuild(true)
            .withExposedService("scoring-streams", 8001, Wait.forHttp("/health").forStatusCode(200)
                    .withStartupTimeout(STARTUP))
            .withExposedService("feedback-api", 8000, Wait.forHttp("/health").forStatusCode(200)
                    .withStartupTimeout(STARTUP))
            .withExposedService("online-updater", 8002, Wait.forHttp("/health").forStatusCode(200)
                    .withStartupTimeout(STARTUP))
            .withExposedService("prometheus", 9090, Wait.forHttp("/-/ready").forStatusCode(200)
                    .withStartupTimeout(STARTUP))
            .withExposedService("grafana", 3000, Wait.forHttp("/api/health").forStatusCode(200)
                    .withStartupTimeout(STARTUP));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldAnswerHealthOnEveryServiceWhenTheStackIsUp() throws Exception {
        for (String[] s : new String[][] {{"scoring-streams", "8001"}, {"feedback-api", "8000"},
                {"online-updater", "8002"}}) {
            final HttpResponse<String> health = get(url(s[0], Integer.parseInt(s[1]), "/health"));
            assertThat(health.statusCode()).as("%s /health: %s", s[0], health.body()).isEqualTo(200);
            assertThat(get(url(s[0], Integer.parseInt(s[1]), "/metrics")).body()).as("%s /metrics", s[0])
                    .contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void shouldScoreTheGeneratedTrafficWhenTheTrafficServiceRuns() throws Exception {
        final AtomicReference<String> last = new AtomicReference<>("");
        Await.until(() -> scored(last) > 0, Duration.ofMinutes(5),
                () -> "stream_events_scored_total not above 0; /metrics: " + last.get().lines()
                        .filter(l -> l.startsWith("stream_events_")).toList());
    }

    @Test
    void shouldScrapeEveryServiceAndServeTheDashboardWhenPrometheusAndGrafanaRun() throws Exception {
        final AtomicReference<String> targets = new AtomicReference<>("");
        Await.until(() -> {
            targets.set(body(url("prometheus", 9090, "/api/v1/targets?state=active")));
            return targets.get().split("\"health\":\"up\"", -1).length - 1 == 3;
        }, Duration.ofMinutes(2), () -> "Prometheus targets: " + targets.get());
        final HttpResponse<String> search = get(url("grafana", 3000, "/api/search?query=Realtime%20Fraud%20Overview"));
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.body()).contains("\"title\":\"Realtime Fraud Overview\"");
    }

    private double scored(AtomicReference<String> last) {
        last.set(body(url("scoring-streams", 8001, "/metrics")));
        final Matcher m = SCORED.matcher(last.get());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String url(String service, int port, String path) {
        return "http://" + STACK.getServiceHost(service, port) + ":" + STACK.getServicePort(service, port) + path;
    }

    private String body(String url) {
        try {
            return get(url).body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
