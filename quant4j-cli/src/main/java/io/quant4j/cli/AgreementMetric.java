package io.quant4j.cli;

import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.data.DataLoader;
import io.quant4j.errors.Quant4jException;
import io.quant4j.nn.EvalMode;
import io.quant4j.nn.Module;
import io.quant4j.onnx.compare.OutputKind;
import io.quant4j.quantization.analysis.ModelMetric;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Agreement of a model's outputs with the float model's on the same inputs, for data without
 * labels, chosen by what the output holds ({@link OutputKind}):
 * <pre>
 *   [N, K]        logits           TOP1      share of inputs whose arg-max class is FP32's
 *   [N, 1, H, W]  probability map  MASK_IOU  |ref &gt; t AND out &gt; t| / |ref &gt; t OR out &gt; t| over all pixels, t = 0.3
 *   [N, T, K]     sequence         CTC       share of inputs whose greedy CTC path (blank 0) is FP32's
 *   any output                     SQNR      10 log10(sum ref^2 / sum (ref - out)^2), in dB (reports only)
 * </pre>
 * The first three are fractions in [0, 1] (FP32 scores 1), so a budget in points applies to them
 * as to top-1 accuracy. Equal CTC paths decode to equal strings under any dictionary, so the CTC
 * figure is PaddleOCR's "strings identical" without needing the dictionary. The float outputs are
 * computed once, when the metric is made, and kept as what the figure compares
 * ({@link ReferenceBatch}: class indices, CTC paths, a bit per pixel; the values only for SQNR);
 * each measurement compares batch by batch, holding one batch's output at a time.
 *
 * @param inputs the inputs, in a fixed order (labels ignored)
 * @param describe the data, for {@link #name()}
 * @param kind which figure
 * @param reference the float model's output of each batch, in order, as the figure needs it
 */
record AgreementMetric(DataLoader inputs, String describe, Kind kind, List<ReferenceBatch> reference) implements ModelMetric {
    /** Threshold of the mask IoU of probability maps: PaddleOCR's DB post-processing default. */
    static final double MASK_THRESHOLD = 0.3;

    /** The figure measured. */
    enum Kind {
        /** Share of inputs whose arg-max matches the float model's, in [0, 1]. */
        TOP1("top-1 agreement with FP32", "every input classified as FP32 does"),
        /** Mask IoU at {@link #MASK_THRESHOLD} with the float model's map, in [0, 1]. */
        MASK_IOU("mask IoU at > " + MASK_THRESHOLD + " with FP32", "the pixels above the threshold are FP32's"),
        /** Share of inputs whose greedy CTC path equals the float model's, in [0, 1]. */
        CTC("greedy CTC strings identical to FP32's", "every input reads as FP32 reads it"),
        /** {@code 10 log10(sum ref^2 / sum (ref - out)^2)} over every output value. */
        SQNR("output SQNR (dB) against FP32", "no error");

        private final String label;
        private final String perfect;

        Kind(String label, String perfect) {
            this.label = label;
            this.perfect = perfect;
        }

        /** What is measured ({@code "mask IoU at > 0.3 with FP32"}). */
        String label() {
            return label;
        }

        /** What the best figure means, for notes. */
        String perfect() {
            return perfect;
        }

        /** The kind for an output of batch shape {@code shape}, or null when only SQNR applies. */
        static Kind forOutput(long[] shape) {
            return switch (OutputKind.of(shape)) {
                case LOGITS -> TOP1;
                case PROBABILITY_MAP -> MASK_IOU;
                case SEQUENCE -> CTC;
                case OTHER -> null;
            };
        }
    }

    AgreementMetric {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(kind, "kind");
        reference = List.copyOf(reference);
    }

    /**
     * The agreement that suits {@code fp32}'s output ({@link Kind#forOutput}): top-1 for class
     * scores, mask IoU for probability maps, CTC strings for sequences.
     *
     * @throws Quant4jException for other outputs, which have no agreement in [0, 1]
     */
    static AgreementMetric forOutput(Module fp32, DataLoader inputs, String describe) {
        Kind[] kind = new Kind[1];
        List<ReferenceBatch> ref = new ArrayList<>();
        forEachOutput(fp32, inputs, (y, shape) -> {
            Kind k = Kind.forOutput(shape);
            if (k == null) {
                throw new Quant4jException("an agreement with FP32 needs class scores [N, classes], a probability map [N, 1, H, W] or"
                        + " a sequence [N, T, classes], found an output " + Arrays.toString(shape), describe, "Drop --accuracy-budget:"
                        + " rank the layers with 'quant4j report' (it measures the output SQNR of any output) and leave the worst"
                        + " float with --skip.", null);
            }
            if (kind[0] == null) {
                kind[0] = k;
            }
            ref.add(ReferenceBatch.of(kind[0], y, shape));
        });
        return new AgreementMetric(inputs, describe, kind[0], ref);
    }

    /** The output SQNR against {@code reference}, the float model's outputs of each batch of {@code inputs}. */
    static AgreementMetric sqnr(DataLoader inputs, String describe, List<float[]> reference) {
        List<ReferenceBatch> ref = new ArrayList<>();
        reference.forEach(r -> ref.add(new ReferenceBatch.Values(r)));
        return new AgreementMetric(inputs, describe, Kind.SQNR, ref);
    }

    /** Whether an output of this shape has a top-1 class per input: class scores {@code [N, classes]}. */
    static boolean hasTop1(long[] outputShape) {
        return Kind.forOutput(outputShape) == Kind.TOP1;
    }

    @Override
    public String name() {
        return kind.label() + " on " + describe;
    }

    @Override
    public double measure(Module model) {
        ReferenceBatch.Tally tally = new ReferenceBatch.Tally();
        int[] batch = {0};
        forEachOutput(model, inputs, (y, shape) -> {
            if (batch[0] >= reference.size()) {
                throw new IllegalStateException("expected " + reference.size() + " batches as when the float outputs were taken, found"
                        + " more");
            }
            reference.get(batch[0]++).compare(y, shape, tally);
        });
        if (batch[0] != reference.size()) {
            throw new IllegalStateException("expected " + reference.size() + " batches as when the float outputs were taken, found "
                    + batch[0]);
        }
        return tally.figure(kind);
    }

    /** Runs {@code model} on every batch in order, handing each output's values and shape to {@code each}. */
    private static void forEachOutput(Module model, DataLoader inputs, BiConsumer<float[], long[]> each) {
        EvalMode.run(model, () -> {
            try (BatchStream s = inputs.epoch(0)) {
                for (Batch b : s) {
                    try (Scope step = Scope.open()) {
                        Tensor y = model.forward(b.images());
                        each.accept(y.toFloatArray(), y.shape());
                    }
                }
            }
            return null;
        });
    }
}
