package io.quant4j.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.quantization.CalibMethod;
import io.quant4j.quantization.QuantAxis;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.layers.QuantLinear;
import io.quant4j.quantization.selective.ModuleMapping;
import io.quant4j.quantization.target.QuantizationSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quantization_params.quantized_module_mappings}: the tutorial's register_quantized_module in a recipe. */
class QuantizedModuleMappingRecipeTest {
    @TempDir
    Path dir;

    private Path recipe(String mappings) throws Exception {
        Path f = dir.resolve("r.yaml");
        Files.writeString(f, "defaults: [" + RecipeLoaderTest.RECIPES.toAbsolutePath().resolve("quantization_params/default")
                + "]\nexperiment_name: x\nquantization_params:\n  quantized_module_mappings:\n" + mappings);
        return f;
    }

    @Test
    void aMappingWithDescriptorsReachesTheQuantizedLayer() throws Exception {
        Recipe r = RecipeLoader.load(recipe("""
                    - float_source: io.quant4j.nn.Linear
                      quantized_target_class: io.quant4j.quantization.layers.QuantLinear
                      input_quant_descriptor: {calib_method: max, num_bits: 7}
                      weights_quant_descriptor: {axis: -2}
                """), List.of());
        QuantizationSpec spec = new RecipeRuntime(r).quantizationSpec();
        assertThat(spec.mappings()).hasSize(1);
        ModuleMapping m = spec.mappings().get(0);
        assertThat(m.input()).isEqualTo(QuantDescriptor.INT8_PER_TENSOR.withNumBits(7));
        assertThat(m.weights().axis()).isEqualTo(QuantAxis.of(-2));
        try (Module model = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            spec.withParams(spec.params().withVerbose(false)).toQuantizer(1, 1, 28, 28).quantize(model);
            QuantLinear fc = (QuantLinear) model.namedModules().get("fc");
            assertThat(fc.inputQuantizer().descriptor().calibMethod()).isEqualTo(CalibMethod.MAX);
            assertThat(fc.inputQuantizer().descriptor().numBits()).isEqualTo(7);
            assertThat(fc.weightQuantizer().descriptor().axis()).isEqualTo(QuantAxis.of(-2));
        }
        Path eff = dir.resolve("eff.yaml");
        Files.writeString(eff, RecipeWriter.write(r));
        assertThat(RecipeLoader.load(eff, List.of())).isEqualTo(r);
    }

    @Test
    void anUnknownClassOrAnInvalidDescriptorNamesTheYamlPathAndLine() throws Exception {
        Path unknown = recipe("""
                    - float_source: com.acme.Block
                      quantized_target_class: com.acme.QuantBlock
                """);
        assertThatThrownBy(() -> RecipeLoader.load(unknown, List.of())).isInstanceOf(RecipeException.class)
                .hasMessageContaining("quantization_params.quantized_module_mappings[0]")
                .hasMessageContaining(unknown + " line 5").hasMessageContaining("com.acme.");
        Path badAxis = recipe("""
                    - float_source: io.quant4j.nn.Linear
                      quantized_target_class: io.quant4j.quantization.layers.QuantLinear
                      weights_quant_descriptor: {axis: [0, 0]}
                """);
        assertThatThrownBy(() -> RecipeLoader.load(badAxis, List.of())).isInstanceOf(RecipeException.class)
                .hasMessageContaining("weights_quant_descriptor").hasMessageContaining("distinct axes");
    }
}
