package io.quant4j.cli;

import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.data.DataLoader;
import io.quant4j.errors.Quant4jException;
import io.quant4j.nn.EvalMode;
import io.quant4j.nn.Module;
import io.quant4j.onnx.compare.OutputAgreement;
import io.quant4j.onnx.compare.Top1Agreement;
import io.quant4j.quantization.analysis.ModelMetric;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Agreement of a model's outputs with the float model's on the same inputs, for data without
 * labels: the share of inputs whose top-1 class is the float model's ({@link Kind#TOP1}, outputs
 * {@code [N, classes]}), or the output SQNR in dB ({@link Kind#SQNR}, any output: a detection
 * map too). The float outputs are computed once, when the metric is made.
 *
 * @param inputs the inputs, in a fixed order (labels ignored)
 * @param describe the data, for {@link #name()}
 * @param kind which figure
 * @param reference the float model's output of each batch, in order
 */
record AgreementMetric(DataLoader inputs, String describe, Kind kind, List<float[]> reference) implements ModelMetric {
    /** The figure measured. */
    enum Kind {
        /** Share of inputs whose arg-max matches the float model's, in [0, 1]. */
        TOP1,
        /** {@code 10 log10(sum ref^2 / sum (ref - out)^2)} over every output value. */
        SQNR
    }

    AgreementMetric {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(kind, "kind");
        reference = List.copyOf(reference);
    }

    /**
     * Top-1 agreement against {@code fp32}'s outputs on {@code inputs}, refused on the first batch
     * when they are not class scores ({@link #hasTop1}).
     *
     * @throws Quant4jException for other outputs (a detection map has no top-1 class)
     */
    static AgreementMetric top1(Module fp32, DataLoader inputs, String describe) {
        return new AgreementMetric(inputs, describe, Kind.TOP1, outputs(fp32, inputs, shape -> {
            if (!hasTop1(shape)) {
                throw new Quant4jException("top-1 agreement with FP32 needs class scores: expected an output [N, classes], found "
                        + Arrays.toString(shape), describe, "Drop --accuracy-budget: rank the layers with 'quant4j report' (it"
                        + " measures the output SQNR of any output) and leave the worst float with --skip.", null);
            }
        }));
    }

    /** Whether an output of this shape has a top-1 class per input: class scores {@code [N, classes]}. */
    static boolean hasTop1(long[] outputShape) {
        return outputShape.length == 2;
    }

    @Override
    public String name() {
        return (kind == Kind.TOP1 ? "top-1 agreement with FP32" : "output SQNR (dB) against FP32") + " on " + describe;
    }

    @Override
    public double measure(Module model) {
        List<float[]> out = outputs(model, inputs);
        if (out.size() != reference.size()) {
            throw new IllegalStateException("expected " + reference.size() + " batches as when the float outputs were taken, found "
                    + out.size());
        }
        if (kind == Kind.SQNR) {
            OutputAgreement a = OutputAgreement.empty();
            for (int i = 0; i < out.size(); i++) {
                a = a.add(reference.get(i), out.get(i));
            }
            double db = a.sqnrDb();
            return Double.isInfinite(db) ? 200 : db;
        }
        Top1Agreement t = Top1Agreement.empty();
        for (int i = 0; i < out.size(); i++) {
            float[] r = reference.get(i);
            int rows = Math.max(1, (int) Math.min(Integer.MAX_VALUE, rows(i)));
            t = t.add(r, out.get(i), r.length / rows);
        }
        return t.fraction();
    }

    /** Inputs in batch {@code batch}: every batch is full but the last. */
    private long rows(int batch) {
        int b = inputs.batchSize();
        return batch == reference.size() - 1 ? inputs.numExamples() - (long) b * batch : b;
    }

    private static List<float[]> outputs(Module model, DataLoader inputs) {
        return outputs(model, inputs, shape -> { });
    }

    /** The outputs of every batch; {@code check} sees each output's shape first. */
    private static List<float[]> outputs(Module model, DataLoader inputs, Consumer<long[]> check) {
        return EvalMode.run(model, () -> {
            List<float[]> out = new ArrayList<>();
            try (BatchStream s = inputs.epoch(0)) {
                for (Batch b : s) {
                    try (Scope step = Scope.open()) {
                        Tensor y = model.forward(b.images());
                        check.accept(y.shape());
                        out.add(y.toFloatArray());
                    }
                }
            }
            return out;
        });
    }
}
