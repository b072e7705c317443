package io.quant4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.tensor.Scope;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictTest {
    @TempDir
    Path dir;

    @Test
    void saveLoadRestoresEveryValue() throws Exception {
        Path file = dir.resolve("m.safetensors");
        try (Module a = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(1));
             Module b = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(2))) {
            StateDict.save(a, file, java.util.Map.of());
            assertThat(b.stateTensors().get("conv1.weight").toFloatArray())
                    .isNotEqualTo(a.stateTensors().get("conv1.weight").toFloatArray());
            LoadReport r = StateDict.load(b, file, true);
            assertThat(r.clean()).isTrue();
            a.stateTensors().forEach((k, v) -> {
                if (v.dataType() == ai.djl.ndarray.types.DataType.FLOAT32) {
                    assertThat(b.stateTensors().get(k).toFloatArray()).as(k).containsExactly(v.toFloatArray());
                }
            });
            assertThat(b.namedParameters().get("conv1.weight").value().requiresGrad()).isTrue();
        }
    }

    @Test
    void nonFiniteValuesAndInexactTypesAreRefusedAndNothingIsLoaded() {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(1)); Scope s = Scope.open()) {
            float[] before = m.stateTensors().get("conv1.weight").toFloatArray();
            java.util.Map<String, io.quant4j.tensor.Tensor> values = new java.util.LinkedHashMap<>(m.stateTensors());
            values.put("conv1.weight", values.get("conv1.weight").mul(Float.NaN));
            values.put("fc.bias", values.get("fc.bias").toType(ai.djl.ndarray.types.DataType.INT32));
            values.put("bn1.weight", values.get("bn1.weight").mul(Float.POSITIVE_INFINITY));
            assertThatThrownBy(() -> StateDict.load(m, values, false, "test.safetensors"))
                    .isInstanceOfSatisfying(UnusableWeightsException.class, e -> assertThat(e.problems()).containsExactly(
                            "conv1.weight: 144 NaN of 144 values",
                            "bn1.weight: 16 infinite of 16 values",
                            "fc.bias: element type int32 where the model holds float32 (not an exact conversion)"))
                    .hasMessageStartingWith("test.safetensors: unusable weights");
            assertThat(m.stateTensors().get("conv1.weight").toFloatArray()).containsExactly(before);

            // float16 converts to float32 exactly: accepted
            java.util.Map<String, io.quant4j.tensor.Tensor> half = new java.util.LinkedHashMap<>(m.stateTensors());
            half.put("fc.bias", half.get("fc.bias").toType(ai.djl.ndarray.types.DataType.FLOAT16));
            float expected = half.get("fc.bias").toType(ai.djl.ndarray.types.DataType.FLOAT32).toFloatArray()[0];
            assertThat(StateDict.load(m, half, true, "half").clean()).isTrue();
            assertThat(m.stateTensors().get("fc.bias").toFloatArray()[0]).isEqualTo(expected);
        }
    }

    @Test
    void mismatchedShapeNamesKeyAndBothShapes() throws Exception {
        Path file = dir.resolve("m.safetensors");
        try (Module a = Models.get("resnet_fmnist", ModelOptions.defaults().withClasses(7));
             Module b = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            StateDict.save(a, file, java.util.Map.of());
            assertThatThrownBy(() -> StateDict.load(b, file, true))
                    .isInstanceOf(StateDictMismatchException.class)
                    .hasMessageContaining("fc.weight: file [7, 64] vs model [10, 64]")
                    .hasMessageContaining("fc.bias: file [7] vs model [10]")
                    .hasMessageContaining(file.toString());
            LoadReport r = StateDict.load(b, file, false);
            assertThat(r.mismatched()).hasSize(2);
            assertThat(r.missing()).isEmpty();
        }
    }

    @Test
    void missingAndUnexpectedKeysAreReported() throws Exception {
        Path file = dir.resolve("s.safetensors");
        try (Module small = new Sequential(new Linear(2, 2)); Module other = new Sequential(new Linear(2, 2), new Linear(2, 2))) {
            StateDict.save(other, file, java.util.Map.of());
            LoadReport r = StateDict.load(small, file, false);
            assertThat(r.unexpected()).containsExactly("1.weight", "1.bias");
            Path f2 = dir.resolve("s2.safetensors");
            StateDict.save(small, f2, java.util.Map.of());
            LoadReport r2 = StateDict.load(other, f2, false);
            assertThat(r2.missing()).containsExactly("1.weight", "1.bias");
        }
    }
}
