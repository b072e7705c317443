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
 * entry of the {@code model} it names (files of earlier quant4j versions), else the
 * {@link InputSpecOptions} given on the command line, else only its input shape (images scaled to
 * {@code [0, 1]}, no normalization; say so); the data it is evaluated on by default; and its
 * classes (the last dimension of its output).
 *
 * @param spec the input spec
 * @param defaultData the default data source, or null
 * @param headClasses output classes, or 0 when the output shape does not say
 * @param note a line telling the user about an assumed spec or ignored options, or null
 * @param source where the spec came from
 */
record OnnxInput(InputSpec spec, String defaultData, int headClasses, String note, Source source) {
    /** Where a spec came from. */
    enum Source {
        /** The file's {@code quant4j.input_spec}. */
        FILE,
        /** The zoo entry of the model the file names. */
        ZOO,
        /** The input spec options. */
        OPTIONS,
        /** The input shape only: [0, 1] scaling. */
        RAW
    }

    OnnxInput(InputSpec spec, String defaultData, int headClasses, String note) {
        this(spec, defaultData, headClasses, note, Source.FILE);
    }

    static OnnxInput of(Path onnx) {
        return of(onnx, null);
    }

    /** What a session tells about a file: metadata, input and first output shapes. */
    private record Probe(Map<String, String> meta, long[] input, long[] output) {
        static Probe of(Path onnx) {
            try (OrtRunner r = OrtRunner.open(onnx, OrtOptions.defaults().withThreads(1))) {
                return new Probe(r.metadata(), r.inputShape(), r.outputShape());
            }
        }

        int classes() {
            return output.length == 2 && output[1] > 0 ? (int) output[1] : 0;
        }
    }

    /** The spec a file carries itself (its {@code quant4j.input_spec}, or its zoo model's), or null. */
    static OnnxInput carried(Path onnx) {
        return carried(onnx, Probe.of(onnx));
    }

    private static OnnxInput carried(Path onnx, Probe p) {
        String model = p.meta().get("model");
        boolean zoo = model != null && Models.list().stream().anyMatch(m -> m.name().equals(model));
        String data = zoo ? Models.info(model).defaultData() : null;
        if (p.meta().containsKey("quant4j.input_spec")) {
            return new OnnxInput(InputSpec.fromJson(p.meta().get("quant4j.input_spec")), data, p.classes(), null, Source.FILE);
        }
        if (zoo) {
            return new OnnxInput(Models.info(model).input(), data, p.classes(), null, Source.ZOO);
        }
        return null;
    }

    /** The same with another note. */
    OnnxInput withNote(String n) {
        return new OnnxInput(spec, defaultData, headClasses, n, source);
    }

    /** As {@link #of(Path)}, with the command's input spec options (null when it has none). */
    static OnnxInput of(Path onnx, InputSpecOptions options) {
        Probe p = Probe.of(onnx);
        boolean given = options != null && options.given();
        OnnxInput carried = carried(onnx, p);
        if (carried != null) {
            return given ? carried.withNote(onnx + " carries its input spec (" + carried.spec() + "); the input spec options ("
                    + options.describe() + ") are ignored") : carried;
        }
        long[] in = p.input();
        int classes = p.classes();
        if (given) {
            return new OnnxInput(options.toSpec(in, onnx.toString()), null, classes, null, Source.OPTIONS);
        }
        if (in.length != 4 || Arrays.stream(in, 1, 4).anyMatch(d -> d < 1) || (in[1] != 1 && in[1] != 3)) {
            throw new Quant4jException("expected an image model input N x C x H x W (C 1 or 3) or a quant4j input spec, found input "
                    + Arrays.toString(in) + " and no spec", onnx.toString(), options != null
                            ? "Give the preprocessing with --input-shape C x H x W (and --mean, --std, --channel-order, --resize, --crop)."
                            : "Export the model with quant4j (it records the input spec), or evaluate it on a .npy of preprocessed inputs"
                                    + " with a model that has a static input shape.", null);
        }
        InputSpec raw = new InputSpec(Arrays.copyOfRange(in, 1, 4), null, null, new float[] {0f}, new float[] {1f}, List.of());
        return new OnnxInput(raw, null, classes, onnx + " carries no input spec: images are scaled to [0, 1] without"
                + " normalization (a .npy is used as stored)" + (options != null ? "; give --mean, --std and --channel-order"
                        + " for the model's own preprocessing" : ""), Source.RAW);
    }
}
