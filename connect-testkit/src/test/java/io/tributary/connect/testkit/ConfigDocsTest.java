package io.tributary.connect.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDocsTest {

    private static final ConfigDef DEF = new ConfigDef()
            .define("batch.size", ConfigDef.Type.INT, 100, ConfigDef.Range.atLeast(1), ConfigDef.Importance.MEDIUM,
                    "Rows per poll | at most.")
            .define("connection.password", ConfigDef.Type.PASSWORD, "s3cret", ConfigDef.Importance.HIGH,
                    "The password.")
            .define("connection.url", ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Importance.HIGH,
                    "The JDBC URL,\non two lines.");

    @Test
    void tableListsEveryKeySortedWithDefaultsValidatorsAndEscapedDocs() {
        assertEquals("""
                | Key | Type | Default | Valid values | Importance | Description |
                |---|---|---|---|---|---|
                | `batch.size` | int | `100` | [1,...] | medium | Rows per poll \\| at most. |
                | `connection.password` | password | [hidden] |  | high | The password. |
                | `connection.url` | string | (required) |  | high | The JDBC URL, on two lines. |
                """, ConfigDocs.markdownTable(DEF));
    }

    @Test
    void staleTableFailsAndNamesTheCommandThatRegeneratesIt(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("page.md");
        Files.writeString(page, "# Page\n<!-- config-table: source -->\nold\n<!-- end config-table -->\n");

        AssertionError stale = assertThrows(AssertionError.class, () -> ConfigDocs.verify(page, "source", DEF));
        assertTrue(stale.getMessage().contains("-Dtributary.docs.update=true"), stale.getMessage());
    }

    @Test
    void currentTablePasses(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("page.md");
        Files.writeString(page, "<!-- config-table: source -->\n" + ConfigDocs.markdownTable(DEF)
                + "<!-- end config-table -->\n");

        ConfigDocs.verify(page, "source", DEF);
    }
}
