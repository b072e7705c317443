package io.quant4j.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.quantization.CalibMethod;
import io.quant4j.quantization.calib.HistogramMethod;
import io.quant4j.quantization.target.QuantTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeLoaderTest {
    static final Path RECIPES = Path.of("..", "recipes");

    @TempDir
    Path dir;

    @Test
    void baselineRecipeHasThePeersSettings() {
        Recipe r = RecipeLoader.load(RECIPES.resolve("resnet_fmnist.yaml"), List.of());
        assertThat(r.model().name()).isEqualTo("resnet_fmnist");
        TrainingHyperparams t = r.trainingHyperparams();
        assertThat(t.maxEpochs()).isEqualTo(3);
        assertThat(t.initialLr()).isEqualTo(0.1);
        assertThat(t.lrMode()).isEqualTo("cosine");
        assertThat(t.cosineFinalLrRatio()).isZero();
        assertThat(t.optimizerParams().momentum()).isEqualTo(0.9);
        assertThat(t.optimizerParams().weightDecay()).isEqualTo(5e-4);
        assertThat(r.datasetParams().trainDataloaderParams().batchSize()).isEqualTo(128);
        assertThat(r.datasetParams().trainDataloaderParams().dropLast()).isFalse();
        var p = new RecipeRuntime(r).trainingParams();
        assertThat(p.decayAll()).isTrue();
        assertThat(p.schedulePerStep()).isTrue();
        assertThat(p.seed()).isZero();
    }

    @Test
    void qatRecipeMergesDefaultsAndQuantizationParams() {
        Recipe r = RecipeLoader.load(RECIPES.resolve("resnet_fmnist_qat.yaml"), List.of());
        assertThat(r.experimentName()).isEqualTo("resnet_fmnist_qat");
        assertThat(r.model().pretrained()).isTrue();
        assertThat(r.model().name()).isEqualTo("resnet_fmnist");
        assertThat(r.trainingHyperparams().maxEpochs()).isEqualTo(1);
        assertThat(r.trainingHyperparams().initialLr()).isEqualTo(2e-4);
        assertThat(r.trainingHyperparams().freezeBnStats()).isTrue();
        assertThat(r.trainingHyperparams().optimizerParams().momentum()).isEqualTo(0.9);
        QuantizationRecipe q = r.quantizationParams();
        assertThat(q.selectiveQuantizerParams().calibratorW()).isEqualTo(CalibMethod.MAX);
        assertThat(q.selectiveQuantizerParams().calibratorI()).isEqualTo(CalibMethod.HISTOGRAM);
        assertThat(q.calibParams().histogramCalibMethod()).isEqualTo(HistogramMethod.PERCENTILE);
        assertThat(q.target()).isSameAs(QuantTarget.TENSORRT);
        assertThat(q.calibParams().numCalibBatches()).isEqualTo(4);
        assertThat(r.preLaunchCallbacks()).isEmpty();
        Recipe sg = RecipeLoader.load(RECIPES.resolve("resnet_fmnist_qat_sg.yaml"), List.of());
        assertThat(sg.trainingHyperparams().maxEpochs()).isEqualTo(3);
        assertThat(sg.preLaunchCallbacks()).hasSize(1);
        assertThat(sg.preLaunchCallbacks().get(0).get(Recipe.QAT_MODIFICATION)).isEqualTo(QatModificationParams.defaults());
        TrainingHyperparams qat = QatRecipeModification.applyCallbacks(sg).recipe().trainingHyperparams();
        assertThat(qat.maxEpochs()).isEqualTo(1);
        var p = new RecipeRuntime(QatRecipeModification.applyCallbacks(sg).recipe()).trainingParams();
        assertThat(p.warmupPerEpoch()).isTrue();
        assertThat(p.warmupInitialLr()).isEqualTo(1e-5, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void defaultQuantizationParamsAreSuperGradients() throws Exception {
        Path f = dir.resolve("r.yaml");
        Files.writeString(f, "defaults: [" + RECIPES.toAbsolutePath().resolve("quantization_params/default") + "]\n"
                + "experiment_name: x\n");
        Recipe r = RecipeLoader.load(f, List.of());
        assertThat(r.quantizationParams()).isEqualTo(QuantizationRecipe.defaults());
    }

    /** The tutorial's name, with or without {@code .yaml}, includes the same parameters as quant4j's. */
    @Test
    void superGradientsNameOfTheDefaultsGivesTheSameRecipe() throws Exception {
        Path dir2 = RECIPES.toAbsolutePath().resolve("quantization_params");
        Recipe ours = RecipeLoader.load(recipeIncluding(dir2.resolve("default"), "ours"), List.of());
        for (String name : List.of("default_quantization_params", "default_quantization_params.yaml")) {
            Recipe sg = RecipeLoader.load(recipeIncluding(dir2.resolve(name), name), List.of());
            assertThat(sg).as(name).isEqualTo(ours);
            assertThat(sg.quantizationParams()).as(name).isEqualTo(QuantizationRecipe.defaults());
        }
        // the including recipe's own keys still override what the alias brings
        Path f = dir.resolve("over.yaml");
        Files.writeString(f, "defaults: [" + dir2.resolve("default_quantization_params") + "]\n"
                + "quantization_params:\n  calib_params:\n    num_calib_batches: 4\n");
        assertThat(RecipeLoader.load(f, List.of()).quantizationParams().calibParams().numCalibBatches()).isEqualTo(4);
    }

    private Path recipeIncluding(Path include, String name) throws Exception {
        Path f = dir.resolve(name.replace('.', '_') + "_recipe.yaml");
        Files.writeString(f, "defaults: [" + include + "]\nexperiment_name: x\n");
        return f;
    }

    @Test
    void unknownKeyInAnIncludedRecipeNamesFileAndLine() throws Exception {
        Path base = dir.resolve("base.yaml");
        Files.writeString(base, "experiment_name: a\ntraining_hyperparams:\n  max_epoch: 3\n");
        Path top = dir.resolve("top.yaml");
        Files.writeString(top, "defaults: [base]\nexperiment_name: b\n");
        assertThatThrownBy(() -> RecipeLoader.load(top, List.of()))
                .isInstanceOf(RecipeException.class)
                .hasMessageContaining("training_hyperparams.max_epoch (" + base + " line 3)")
                .hasMessageContaining("Did you mean 'max_epochs'");
    }

    @Test
    void overridesAndValidationErrors() throws Exception {
        Recipe r = RecipeLoader.load(RECIPES.resolve("resnet_fmnist.yaml"),
                List.of("training_hyperparams.max_epochs=1", "quantization_params.ptq_only=true"));
        assertThat(r.trainingHyperparams().maxEpochs()).isEqualTo(1);
        assertThat(r.quantizationParams().ptqOnly()).isTrue();
        assertThatThrownBy(() -> RecipeLoader.load(RECIPES.resolve("resnet_fmnist.yaml"), List.of("training_hyperparams.optimizer=rmsprop")))
                .hasMessageContaining("training_hyperparams").hasMessageContaining("rmsprop");
        assertThatThrownBy(() -> RecipeLoader.load(RECIPES.resolve("resnet_fmnist.yaml"), List.of("recipe_version=2")))
                .hasMessageContaining("recipe_version 1, found 2");
        Path self = dir.resolve("self.yaml");
        Files.writeString(self, "defaults: [self]\n");
        assertThatThrownBy(() -> RecipeLoader.load(self, List.of())).hasMessageContaining("includes itself");
        assertThatThrownBy(() -> RecipeLoader.load(dir.resolve("none.yaml"), List.of())).hasMessageContaining("not found");
    }

    @Test
    void effectiveRecipeRoundTrips() throws Exception {
        Recipe r = RecipeLoader.load(RECIPES.resolve("resnet_fmnist_qat.yaml"), List.of());
        Path f = dir.resolve("eff.yaml");
        Files.writeString(f, RecipeWriter.write(r));
        assertThat(RecipeLoader.load(f, List.of())).isEqualTo(r);
    }
}
