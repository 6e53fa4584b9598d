package io.tributary.connect.transforms;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.connect.testkit.ConfigDocs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransformDocsTest {

    private static final Path PAGE = Path.of("../docs/transforms.md");

    static List<Arguments> plugins() {
        return List.of(
            Arguments.of("Unwrap", Unwrap.CONFIG_DEF, "io.tributary.connect.transforms.Unwrap"),
            Arguments.of("DeriveKey", DeriveKey.CONFIG_DEF, "io.tributary.connect.transforms.DeriveKey"),
            Arguments.of("Deduplicate", Deduplicate.CONFIG_DEF, "io.tributary.connect.transforms.Deduplicate"),
            Arguments.of("Mask", Mask.CONFIG_DEF, "io.tributary.connect.transforms.Mask$Value"),
            Arguments.of("RenameFields", RenameFields.CONFIG_DEF, "io.tributary.connect.transforms.RenameFields$Value"),
            Arguments.of("ParseJson", ParseJson.CONFIG_DEF, "io.tributary.connect.transforms.ParseJson$Value"),
            Arguments.of("ConvertTimestamps", ConvertTimestamps.CONFIG_DEF,
                "io.tributary.connect.transforms.ConvertTimestamps$Value"),
            Arguments.of("RouteByField", RouteByField.CONFIG_DEF, "io.tributary.connect.transforms.RouteByField"),
            Arguments.of("FieldMatches", FieldMatches.CONFIG_DEF, "io.tributary.connect.transforms.FieldMatches"),
            Arguments.of("OperationIs", OperationIs.CONFIG_DEF, "io.tributary.connect.transforms.OperationIs"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plugins")
    void configTableMatchesConfigDef(String name, ConfigDef def, String className) {
        ConfigDocs.verify(PAGE, name, def);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plugins")
    void sectionHasJsonExampleOfThePlugin(String name, ConfigDef def, String className) throws IOException {
        String page = Files.readString(PAGE);
        int section = page.indexOf("<!-- end config-table -->", page.indexOf("<!-- config-table: " + name + " -->"));
        int example = page.indexOf("```json", section);
        int end = page.indexOf("```", example + 7);

        assertTrue(section >= 0 && example >= 0 && end > example, name + " has no JSON example after its table");
        assertTrue(page.substring(example, end).contains("\"" + className + "\""),
            name + "'s example does not configure " + className);
    }
}
