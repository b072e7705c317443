package io.quant4j.cli;

import io.quant4j.data.InputSpec;
import io.quant4j.errors.Quant4jException;
import io.quant4j.models.Models;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How an ONNX file expects its input: the {@code quant4j.input_spec} it carries, else the zoo
 * entry of the {@code model} it names (files of earlier quant4j versions), else only its input
 * shape (images scaled to {@code [0, 1]}, no normalization; say so); the data it is evaluated on
 * by default; and its classes (the last dimension of its output).
 *
 * @param spec the input spec
 * @param defaultData the default data source, or null
 * @param headClasses output classes, or 0 when the output shape does not say
 * @param note a line telling the user about an assumed spec, or null
 */
record OnnxInput(InputSpec spec, String defaultData, int headClasses, String note) {
    static OnnxInput of(Path onnx) {
        Map<String, String> meta;
        long[] in;
        long[] out;
        try (OrtRunner r = OrtRunner.open(onnx, OrtOptions.defaults().withThreads(1))) {
            meta = r.metadata();
            in = r.inputShape();
            out = r.outputShape();
        }
        int classes = out.length == 2 && out[1] > 0 ? (int) out[1] : 0;
        String model = meta.get("model");
        boolean zoo = model != null && Models.list().stream().anyMatch(m -> m.name().equals(model));
        String data = zoo ? Models.info(model).defaultData() : null;
        if (meta.containsKey("quant4j.input_spec")) {
            return new OnnxInput(InputSpec.fromJson(meta.get("quant4j.input_spec")), data, classes, null);
        }
        if (zoo) {
            return new OnnxInput(Models.info(model).input(), data, classes, null);
        }
        if (in.length != 4 || Arrays.stream(in, 1, 4).anyMatch(d -> d < 1) || (in[1] != 1 && in[1] != 3)) {
            throw new Quant4jException("expected an image model input N x C x H x W (C 1 or 3) or a quant4j input spec, found input "
                    + Arrays.toString(in) + " and no spec", onnx.toString(),
                    "Export the model with quant4j (it records the input spec), or evaluate it on a .npy of preprocessed inputs"
                            + " with a model that has a static input shape.", null);
        }
        InputSpec raw = new InputSpec(Arrays.copyOfRange(in, 1, 4), null, null, new float[] {0f}, new float[] {1f}, List.of());
        return new OnnxInput(raw, null, classes, onnx + " carries no input spec: images are scaled to [0, 1] without"
                + " normalization (a .npy is used as stored)");
    }
}
