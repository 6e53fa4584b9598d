package io.tributary.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.provider.EnvVarConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.junit.jupiter.api.Test;

/** The devstack's workers: the shared worker settings, with what only this machine's paths can say. */
class LocalStackTest {

    private final StackLayout layout = new StackLayout(Path.of(".."));

    @Test
    void workersReadSecretFilesOnlyFromTheRepositorysSecretsDirectory() {
        Properties settings = LocalStack.sharedWorkerSettings(layout);
        String paths = settings.getProperty("config.providers.file.param.allowed.paths");
        assertNotNull(paths, "without allowed.paths the file provider reads any file the worker can");
        Path allowed = Path.of(paths);

        assertEquals(Path.of("../configs/worker/secrets").toAbsolutePath().normalize(), allowed);
        assertTrue(Files.isDirectory(allowed), "a worker refuses to start when an allowed path does not exist");
    }

    @Test
    void workersResolveEveryVariableTheyAreGivenAndNoOther() {
        String pattern = LocalStack.sharedWorkerSettings(layout)
                .getProperty("config.providers.env.param.allowlist.pattern");
        assertNotNull(pattern, "without an allowlist the env provider resolves every variable of the worker");
        Pattern allowlist = Pattern.compile(pattern);

        LocalStack.workerEnvironment(layout).keySet()
                .forEach(name -> assertTrue(allowlist.matcher(name).matches(), name));
        assertTrue(!allowlist.matcher("HOME").matches() && !allowlist.matcher("PATH").matches());
    }

    @Test
    void kafkasProvidersTakeTheSettingsAndResolveNothingOutsideThem() throws IOException {
        Properties settings = LocalStack.sharedWorkerSettings(layout);
        Path workerFile = Path.of("../configs/worker/connect-distributed.properties").toAbsolutePath().normalize();
        try (FileConfigProvider files = new FileConfigProvider()) {
            files.configure(params(settings, "file"));

            assertEquals(Map.of(), files.get(workerFile.toString()).data());
        }
        try (EnvVarConfigProvider variables = new EnvVarConfigProvider()) {
            variables.configure(params(settings, "env"));

            assertEquals(Set.of(), variables.get("", Set.of("HOME", "PATH")).data().keySet());
        }
    }

    private static Map<String, String> params(Properties settings, String provider) {
        String prefix = "config.providers." + provider + ".param.";
        Map<String, String> params = new HashMap<>();
        settings.stringPropertyNames().stream().filter(name -> name.startsWith(prefix))
                .forEach(name -> params.put(name.substring(prefix.length()), settings.getProperty(name)));
        return params;
    }
}
