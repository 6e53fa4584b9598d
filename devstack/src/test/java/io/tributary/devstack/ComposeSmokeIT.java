package io.tributary.devstack;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.testkit.Poll;
import io.tributary.localservers.ConnectRest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * docker-compose.yml run for real where a Docker engine answers: the brokers, workers and databases come
 * up and the one-shot deploy service brings every pipeline of configs/ to RUNNING. Without Docker the test
 * is skipped with that reason, and ComposeFileTest checks the file against the repository instead.
 */
class ComposeSmokeIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration STARTUP = Duration.ofMinutes(5);

    @Test
    void composeFileBringsEveryPipelineOfConfigsToRunning() {
        assumeTrue(dockerAnswers(), "no Docker engine answers here (no /var/run/docker.sock, ~/.docker/run/docker.sock "
                + "or DOCKER_HOST, or Testcontainers cannot reach it); ComposeFileTest checks docker-compose.yml "
                + "without running it");
        List<String> connectors = new Pipelines(new StackLayout(ROOT)).files().stream()
                .map(ComposeSmokeIT::connectorName).toList();
        // what a user puts in .env: compose refuses to start without a superuser password
        ComposeContainer compose = new ComposeContainer(ROOT.resolve("docker-compose.yml").toFile())
                .withEnv("POSTGRES_PASSWORD", "compose-smoke-" + UUID.randomUUID())
                // the worker image from the Dockerfile, with this build's plugin directories
                .withBuild(true)
                .withExposedService("connect-1", 8083,
                        Wait.forHttp("/health").forStatusCode(200).withStartupTimeout(STARTUP))
                .withStartupTimeout(STARTUP);
        try {
            compose.start();
            String url = "http://" + compose.getServiceHost("connect-1", 8083) + ":"
                    + compose.getServicePort("connect-1", 8083);
            Poll.until(STARTUP, () -> "every pipeline of configs/ RUNNING in the compose stack: " + connectors,
                    () -> new ConnectRest(url).allRunning(connectors, null));
        } finally {
            compose.stop();
        }
    }

    /**
     * Asks Testcontainers only when there is a socket or a DOCKER_HOST to ask: its discovery without an
     * engine takes seconds and logs a page of errors (the same check as the test kit's backend choice).
     */
    private static boolean dockerAnswers() {
        boolean socket = Files.exists(Path.of("/var/run/docker.sock"))
                || System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        if (!socket) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String connectorName(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile()).path("name").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
