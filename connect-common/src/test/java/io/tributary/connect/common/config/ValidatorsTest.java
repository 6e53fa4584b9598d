package io.tributary.connect.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

    private static String error(ConfigDef.Validator validator, Object value) {
        return assertThrows(ConfigException.class, () -> validator.ensureValid("k", value)).getMessage();
    }

    @Test
    void nonEmptyListRefusesAnEmptyListAndBlankEntries() {
        ConfigDef.Validator tables = Validators.nonEmptyList("table as schema.table");

        tables.ensureValid("k", List.of("public.orders"));
        assertEquals("Invalid value [] for configuration k: list at least one table as schema.table",
                error(tables, List.of()));
        assertEquals("Invalid value [a, ] for configuration k: an entry is blank; list table as schema.table "
                + "separated by commas", error(tables, List.of("a", "")));
        assertEquals("non-empty list of table as schema.table", tables.toString());
    }

    @Test
    void regexListNamesTheBrokenExpression() {
        ConfigDef.Validator regexes = Validators.regexList();

        regexes.ensureValid("k", List.of("public\\..*", "x"));
        regexes.ensureValid("k", null);
        assertEquals("Invalid value [ok, (broken] for configuration k: '(broken' is not a valid regular "
                + "expression: Unclosed group", error(regexes, List.of("ok", "(broken")));
    }

    @Test
    void regexMayBeOptional() {
        Validators.regex(true).ensureValid("k", "");
        assertEquals("Invalid value  for configuration k: give a regular expression",
                error(Validators.regex(false), ""));
        assertEquals("Invalid value [ for configuration k: '[' is not a valid regular expression: Unclosed character "
                + "class", error(Validators.regex(true), "["));
    }

    @Test
    void timeZoneTakesRegionsAndOffsets() {
        ConfigDef.Validator zone = Validators.timeZone(false);

        zone.ensureValid("k", "Europe/Paris");
        zone.ensureValid("k", "UTC");
        zone.ensureValid("k", "+02:00");
        Validators.timeZone(true).ensureValid("k", " ");
        assertEquals("Invalid value Mars/Olympus for configuration k: not a time zone id; use a region such as "
                + "Europe/Paris or an offset such as UTC or +02:00", error(zone, "Mars/Olympus"));
        assertEquals("Invalid value  for configuration k: give a time zone id such as UTC or Europe/Paris",
                error(zone, ""));
    }
}
