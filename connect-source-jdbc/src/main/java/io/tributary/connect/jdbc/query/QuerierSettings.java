package io.tributary.connect.jdbc.query;

import io.tributary.connect.jdbc.JdbcSourceConfig;
import io.tributary.connect.jdbc.schema.MappingOptions;
import java.time.ZoneId;
import java.util.List;

/** The configuration every querier of a task shares. */
public record QuerierSettings(String incrementingColumn, List<String> timestampColumns, Long timestampInitial,
                              long timestampDelayMs, boolean inFlightGuard, ZoneId dbTimeZone, String querySuffix,
                              int fetchSize, MappingOptions mappingOptions, boolean keys) {

    public static QuerierSettings from(JdbcSourceConfig config) {
        return new QuerierSettings(config.incrementingColumn(), config.timestampColumns(), config.timestampInitial(),
                config.timestampDelayMs(), config.inFlightGuard(), config.dbTimeZone(), config.querySuffix(),
                config.fetchSize(), new MappingOptions(config.numericMapping(), config.dbTimeZone(),
                        config.numericSpecialValues()),
                config.keyMode() == io.tributary.connect.jdbc.KeyMode.PRIMARY_KEY);
    }
}
