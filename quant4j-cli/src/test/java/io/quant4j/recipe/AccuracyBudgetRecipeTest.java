package io.quant4j.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code quantization_params.accuracy_budget}: absent by default, bound from {@code --set}, refused
 * outside [0, 100] naming the key, and dropped (with the chosen skips written in) by the effective
 * recipe of a search.
 */
class AccuracyBudgetRecipeTest {
    private static final Path QAT = Path.of("..", "recipes", "resnet_fmnist_qat.yaml");

    @Test
    void absentByDefaultAndBoundFromOverrides() {
        assertThat(RecipeLoader.load(QAT, List.of()).quantizationParams().accuracyBudget()).isNull();
        Recipe r = RecipeLoader.load(QAT, List.of("quantization_params.accuracy_budget=0.5"));
        assertThat(r.quantizationParams().accuracyBudget()).isEqualTo(0.5);
        QuantizationRecipe effective = r.quantizationParams().withSearchedSkips(List.of("conv1", "layer3.0.conv2"));
        assertThat(effective.accuracyBudget()).isNull();
        assertThat(effective.selectiveQuantizerParams().skipModules()).containsExactly("conv1", "layer3.0.conv2");
        assertThat(RecipeWriter.write(r.withQuantizationParams(effective))).contains("- layer3.0.conv2").contains("accuracy_budget: null");
    }

    @Test
    void aBudgetOutsideZeroToHundredIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> RecipeLoader.load(QAT, List.of("quantization_params.accuracy_budget=-1")))
                .isInstanceOf(RecipeException.class).hasMessageContaining("accuracy_budget")
                .hasMessageContaining("expected accuracy_budget in [0, 100]").hasMessageContaining("found -1");
    }
}
