package io.quant4j.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.selective.ModuleMapping;
import io.quant4j.quantization.selective.ReplacementAction;
import io.quant4j.quantization.target.QuantizationSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A checkpoint's quantization spec keeps the quantized module mappings with their descriptors. */
class SpecJsonTest {
    @Test
    void mappingsWithTupleAxesAndFixedAmaxRoundTrip() {
        QuantDescriptor in = QuantDescriptor.INT8_PER_TENSOR_HISTOGRAM.withUnsigned(true).withScaleAmax(0.9f);
        QuantDescriptor w = QuantDescriptor.INT8_PER_TENSOR.withAxes(0, -1).withAmax(1f, 2f, 3f).withName("w");
        QuantizationSpec spec = QuantizationSpec.defaults()
                .withParams(io.quant4j.quantization.selective.SelectiveQuantizerParams.defaults().withVerbose(false))
                .withSkipPatterns(List.of("head\\..*")).withMappings(List.of(
                new ModuleMapping("io.quant4j.nn.Linear", "io.quant4j.quantization.layers.QuantLinear",
                        ReplacementAction.REPLACE_AND_RECURSE, in, w),
                new ModuleMapping("io.quant4j.nn.Conv2d", null, ReplacementAction.SKIP, null, null)));
        String json = SpecJson.write(spec);
        assertThat(json).contains("\"quantized_module_mappings\"").contains("\"axis\":[0,-1]");
        assertThat(SpecJson.read(json)).isEqualTo(spec);
        assertThat(SpecJson.write(QuantizationSpec.defaults())).doesNotContain("quantized_module_mappings");
    }
}
