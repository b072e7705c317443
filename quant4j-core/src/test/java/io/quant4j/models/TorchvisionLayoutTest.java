package io.quant4j.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.quant4j.io.SafeTensors;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateDict;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * quant4j's torchvision models against the real torchvision (resources {@code torchvision/*.json},
 * made by {@code make_reference.py} there): the state dict has torchvision's names, shapes and
 * dtypes, and with every tensor filled by the script's formula, loaded from a safetensors file by
 * name, the logits of a fixed input are torchvision's.
 */
class TorchvisionLayoutTest {
    @TempDir
    Path dir;

    private static JsonObject reference(String model) throws IOException {
        try (InputStream in = TorchvisionLayoutTest.class.getResourceAsStream("torchvision/" + model + ".json")) {
            assertThat(in).as("resource torchvision/%s.json", model).isNotNull();
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    private static long[] longs(JsonElement a) {
        JsonArray arr = a.getAsJsonArray();
        long[] out = new long[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).getAsLong();
        }
        return out;
    }

    /** The script's formula: entry {@code t} of the state dict, flat index {@code i}. */
    private static Tensor values(String name, long[] shape, String dtype, int t) {
        int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (dtype.equals("int64")) {
            assertThat(name).endsWith("num_batches_tracked");
            return Tensor.fromLongs(new long[n], shape);
        }
        assertThat(dtype).isEqualTo("float32");
        float[] v = new float[n];
        double scale = shape.length >= 2 ? 2 / Math.sqrt((double) n / shape[0]) : 0;
        for (int i = 0; i < n; i++) {
            double s = Math.sin(0.37 * i + 0.11 * t);
            double x;
            if (name.endsWith("running_var")) {
                x = 1 + 0.25 * s;
            } else if (shape.length == 1) {
                x = name.endsWith(".weight") ? 1 + 0.1 * s : 0.1 * s;
            } else {
                x = s * scale;
            }
            v[i] = (float) x;
        }
        return Tensor.fromFloats(v, shape);
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "mobilenet_v2"})
    void loadsTorchvisionsStateDictByNameAndComputesItsLogits(String model) throws IOException {
        JsonObject ref = reference(model);
        JsonArray state = ref.getAsJsonArray("state");
        try (Module m = Models.get(model, ModelOptions.defaults()); Scope s = Scope.open();
             Autograd.Recording off = Autograd.noGrad()) {
            Map<String, long[]> ours = new LinkedHashMap<>();
            m.stateTensors().forEach((k, v) -> ours.put(k, v.shape()));
            Map<String, Tensor> theirs = new LinkedHashMap<>();
            for (int t = 0; t < state.size(); t++) {
                JsonArray e = state.get(t).getAsJsonArray();
                String name = e.get(0).getAsString();
                long[] shape = longs(e.get(1));
                assertThat(ours).as("quant4j's %s has torchvision's entry %s", model, name).containsKey(name);
                assertThat(ours.get(name)).as(name).containsExactly(shape);
                assertThat(m.stateTensors().get(name).dataType().name()).as(name)
                        .isEqualToIgnoringCase(e.get(2).getAsString());
                theirs.put(name, values(name, shape, e.get(2).getAsString(), t));
            }
            assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(theirs.keySet());

            Path file = dir.resolve(model + ".safetensors");
            SafeTensors.write(file, theirs, Map.of("format", "pt"));
            StateDict.load(m, file, true);
            m.eval();
            long[] inShape = longs(ref.get("input_shape"));
            int n = (int) Arrays.stream(inShape).reduce(1, (a, b) -> a * b);
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (Math.sin(0.013 * i) + 0.5 * Math.cos(0.007 * i));
            }
            float[] got = m.forward(Tensor.fromFloats(x, inShape)).toFloatArray();
            JsonArray want = ref.getAsJsonArray("logits");
            assertThat(got).hasSize(want.size());
            for (int i = 0; i < got.length; i++) {
                assertThat(got[i]).as("%s logit %d", model, i)
                        .isCloseTo(want.get(i).getAsFloat(), org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }
}
