package io.tributary.connect.cdc;

import io.tributary.connect.common.config.ConfigProblem;
import java.util.List;

/**
 * What the preflight found: problems that stop the pipeline from working, captured tables whose updates
 * would carry placeholders instead of unchanged large values unless given REPLICA IDENTITY FULL, and what the
 * server's WAL settings and the slot's state mean (notes and warnings; a lost slot is a problem).
 */
public record PreflightReport(List<ConfigProblem> problems, List<String> tablesWithoutFullToastImages,
                              List<WalRetention.Finding> walFindings) {

    public PreflightReport {
        problems = List.copyOf(problems);
        tablesWithoutFullToastImages = List.copyOf(tablesWithoutFullToastImages);
        walFindings = List.copyOf(walFindings);
    }

    public boolean passed() {
        return problems.isEmpty();
    }
}
