package io.tributary.connect.cdc;

import io.tributary.connect.common.config.ConfigProblem;
import java.util.List;

/**
 * What the preflight found: problems that stop the pipeline from working, and captured tables whose
 * updates would carry placeholders instead of unchanged large values unless given REPLICA IDENTITY FULL.
 */
public record PreflightReport(List<ConfigProblem> problems, List<String> tablesWithoutFullToastImages) {

    public PreflightReport {
        problems = List.copyOf(problems);
        tablesWithoutFullToastImages = List.copyOf(tablesWithoutFullToastImages);
    }

    public boolean passed() {
        return problems.isEmpty();
    }
}
