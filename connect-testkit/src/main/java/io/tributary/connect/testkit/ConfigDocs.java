package io.tributary.connect.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Config tables in {@code docs/} generated from a {@link ConfigDef}, so the user-facing text is written
 * once, in the code. A page marks each table with {@code <!-- config-table: NAME -->} and
 * {@code <!-- end config-table -->}; a unit test calls {@link #verify}, which fails when the page is stale.
 * {@code mvn test -Dtributary.docs.update=true} rewrites the tables instead.
 */
public final class ConfigDocs {

    private static final String END = "<!-- end config-table -->";

    private ConfigDocs() {
    }

    /** A Markdown table of every key: name, type, default, valid values, importance, description. */
    public static String markdownTable(ConfigDef def) {
        StringBuilder table = new StringBuilder();
        table.append("| Key | Type | Default | Valid values | Importance | Description |\n");
        table.append("|---|---|---|---|---|---|\n");
        List<ConfigDef.ConfigKey> keys = def.configKeys().values().stream()
                .sorted((a, b) -> a.name.compareTo(b.name))
                .toList();
        for (ConfigDef.ConfigKey key : keys) {
            table.append("| `").append(key.name).append("` | ")
                    .append(key.type.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(defaultOf(key)).append(" | ")
                    .append(cell(key.validator == null ? "" : key.validator.toString())).append(" | ")
                    .append(key.importance.name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(cell(key.documentation)).append(" |\n");
        }
        return table.toString();
    }

    /**
     * Checks (or, with {@code -Dtributary.docs.update=true}, rewrites) the table named {@code name} in
     * {@code page} against {@code def}.
     */
    public static void verify(Path page, String name, ConfigDef def) {
        String text;
        try {
            text = Files.readString(page);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + page, e);
        }
        String begin = "<!-- config-table: " + name + " -->";
        Matcher matcher = Pattern.compile(Pattern.quote(begin) + "\\n(.*?)" + Pattern.quote(END), Pattern.DOTALL)
                .matcher(text);
        if (!matcher.find()) {
            throw new AssertionError(page + " has no '" + begin + "' ... '" + END + "' section for the config table");
        }
        String expected = markdownTable(def);
        if (expected.equals(matcher.group(1))) {
            return;
        }
        if (Boolean.getBoolean("tributary.docs.update")) {
            String updated = text.substring(0, matcher.start(1)) + expected + text.substring(matcher.end(1));
            try {
                Files.writeString(page, updated);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + page, e);
            }
            return;
        }
        throw new AssertionError("the config table '" + name + "' in " + page + " is stale; regenerate it with "
                + "mvn test -Dtributary.docs.update=true in this module");
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.type == ConfigDef.Type.PASSWORD) {
            return key.defaultValue == null ? "null" : "[hidden]";
        }
        Object value = key.defaultValue;
        if (value instanceof List<?> list) {
            value = String.join(",", list.stream().map(String::valueOf).toList());
        }
        String text = String.valueOf(value);
        return text.isEmpty() ? "\"\"" : "`" + cell(text) + "`";
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
