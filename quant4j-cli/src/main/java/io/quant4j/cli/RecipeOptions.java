package io.quant4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of the recipe-driven commands ({@code train}, {@code qat}). */
final class RecipeOptions {
    @Option(names = "--recipe", required = true, description = "The recipe (YAML).")
    Path recipeFile;

    @Option(names = "--set", description = "Override a recipe value, e.g. --set training_hyperparams.max_epochs=1 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--run-dir", description = "Run folder (default: <run_root>/<experiment_name>/<time>).")
    Path runDir;

    @Option(names = "--resume", description = "Continue an interrupted run (the newest unless --run-dir).")
    boolean resume;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;
}
