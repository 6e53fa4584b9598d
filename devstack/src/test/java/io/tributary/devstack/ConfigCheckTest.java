package io.tributary.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void onlyTheErrorsOfAValidateAnswerArePrintedKeyFirst() throws Exception {
        String answer = """
                {"name":"x","error_count":2,"groups":[],"configs":[
                 {"definition":{"name":"connection.url"},
                  "value":{"name":"connection.url","value":"jdbc:x","errors":[]}},
                 {"definition":{"name":"mode"},"value":{"name":"mode","value":"sometimes",
                   "errors":["Invalid value sometimes for configuration mode: must be one of bulk, incrementing"]}},
                 {"definition":{"name":"topic.prefix"},"value":{"name":"topic.prefix","value":null,
                   "errors":["Missing required configuration \\"topic.prefix\\" which has no default value.",
                             "topic.prefix must name a topic"]}}]}""";

        assertEquals(List.of(
                "mode: Invalid value sometimes for configuration mode: must be one of bulk, incrementing",
                "topic.prefix: Missing required configuration \"topic.prefix\" which has no default value.",
                "topic.prefix: topic.prefix must name a topic"), ConfigCheck.errors(JSON.readTree(answer)));
    }

    @Test
    void aConnectorFileOrABareConfigIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file,
                "{\"name\": \"orders\", \"config\": {\"connector.class\": \"X\", \"tasks.max\": \"1\"}}");
        assertEquals("{\"connector.class\":\"X\",\"tasks.max\":\"1\",\"name\":\"orders\"}",
                ConfigCheck.config(file).toString());

        Files.writeString(file, "{\"connector.class\": \"X\"}");
        assertEquals("{\"connector.class\":\"X\"}", ConfigCheck.config(file).toString());

        Files.writeString(file, "{\"config\": {\"tasks.max\": \"1\"}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigCheck.config(file));
        assertEquals(file + " holds no connector config with a connector.class", e.getMessage());
    }

    @Test
    void aFileIsFoundFromTheRepositoryRoot(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("configs/ingest"));
        Files.writeString(root.resolve("configs/ingest/a.json"), "{}");
        assertEquals(root.resolve("configs/ingest/a.json"), ConfigCheck.resolve(root, "configs/ingest/a.json"));
        assertEquals("no such connector file: configs/none.json",
                assertThrows(IllegalArgumentException.class, () -> ConfigCheck.resolve(root, "configs/none.json"))
                        .getMessage());
    }
}
