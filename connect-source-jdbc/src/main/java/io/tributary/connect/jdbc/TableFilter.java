package io.tributary.connect.jdbc;

import java.util.List;
import java.util.regex.Pattern;

/** table.include.list / table.exclude.list: regular expressions on the whole unquoted schema.table. */
final class TableFilter {

    private final List<Pattern> include;
    private final List<Pattern> exclude;

    TableFilter(List<String> include, List<String> exclude) {
        this.include = include.stream().map(String::trim).filter(s -> !s.isEmpty()).map(Pattern::compile).toList();
        this.exclude = exclude.stream().map(String::trim).filter(s -> !s.isEmpty()).map(Pattern::compile).toList();
    }

    boolean accepts(TableId table) {
        String name = table.toString();
        if (!include.isEmpty() && include.stream().noneMatch(p -> p.matcher(name).matches())) {
            return false;
        }
        return exclude.stream().noneMatch(p -> p.matcher(name).matches());
    }

    List<SourceTable> apply(List<SourceTable> tables) {
        return tables.stream().filter(table -> accepts(table.id())).toList();
    }

    /** Include expressions that match none of the tables: names of tables that do not exist, or typos. */
    List<String> unmatchedIncludes(List<SourceTable> tables) {
        return include.stream()
                .filter(p -> tables.stream().noneMatch(table -> p.matcher(table.id().toString()).matches()))
                .map(Pattern::pattern)
                .toList();
    }
}
