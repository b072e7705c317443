package io.quant4j.cli;

import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.data.DataLoader;
import io.quant4j.errors.Quant4jException;
import io.quant4j.nn.EvalMode;
import io.quant4j.nn.Module;
import io.quant4j.data.text.CtcAlphabet;
import io.quant4j.onnx.compare.MaskIoU;
import io.quant4j.onnx.compare.OutputAgreement;
import io.quant4j.onnx.compare.OutputKind;
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
 * computed once, when the metric is made.
 *
 * @param inputs the inputs, in a fixed order (labels ignored)
 * @param describe the data, for {@link #name()}
 * @param kind which figure
 * @param reference the float model's output of each batch, in order
 * @param classes the last dimension of the output (the classes of a CTC sequence; 0 for other kinds)
 */
record AgreementMetric(DataLoader inputs, String describe, Kind kind, List<float[]> reference, int classes) implements ModelMetric {
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
        if (kind == Kind.CTC && classes < 1) {
            throw new IllegalArgumentException("expected the classes of a CTC output, found " + classes);
        }
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
        int[] classes = new int[1];
        List<float[]> ref = outputs(fp32, inputs, shape -> {
            Kind k = Kind.forOutput(shape);
            if (k == null) {
                throw new Quant4jException("an agreement with FP32 needs class scores [N, classes], a probability map [N, 1, H, W] or"
                        + " a sequence [N, T, classes], found an output " + Arrays.toString(shape), describe, "Drop --accuracy-budget:"
                        + " rank the layers with 'quant4j report' (it measures the output SQNR of any output) and leave the worst"
                        + " float with --skip.", null);
            }
            if (kind[0] == null) {
                kind[0] = k;
                classes[0] = k == Kind.CTC ? (int) shape[2] : 0;
            }
        });
        return new AgreementMetric(inputs, describe, kind[0], ref, classes[0]);
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
        List<float[]> out = outputs(model, inputs);
        if (out.size() != reference.size()) {
            throw new IllegalStateException("expected " + reference.size() + " batches as when the float outputs were taken, found "
                    + out.size());
        }
        return switch (kind) {
            case SQNR -> {
                OutputAgreement a = OutputAgreement.empty();
                for (int i = 0; i < out.size(); i++) {
                    a = a.add(reference.get(i), out.get(i));
                }
                double db = a.sqnrDb();
                yield Double.isInfinite(db) ? 200 : db;
            }
            case MASK_IOU -> {
                MaskIoU m = MaskIoU.empty(MASK_THRESHOLD);
                for (int i = 0; i < out.size(); i++) {
                    m = m.add(reference.get(i), out.get(i));
                }
                yield m.iou();
            }
            case TOP1 -> {
                Top1Agreement t = Top1Agreement.empty();
                for (int i = 0; i < out.size(); i++) {
                    float[] r = reference.get(i);
                    t = t.add(r, out.get(i), (int) (r.length / rows(i)));
                }
                yield t.fraction();
            }
            case CTC -> ctcExactMatch(out);
        };
    }

    /** Share of inputs whose greedy CTC path equals the reference's; every batch is {@code rows x T x classes}. */
    private double ctcExactMatch(List<float[]> out) {
        long same = 0;
        long all = 0;
        for (int i = 0; i < out.size(); i++) {
            float[] r = reference.get(i);
            float[] c = out.get(i);
            int rows = (int) rows(i);
            int perRow = r.length / rows;
            int steps = perRow / classes;
            for (int n = 0; n < rows; n++) {
                same += Arrays.equals(CtcAlphabet.greedyPath(r, n * perRow, steps, classes),
                        CtcAlphabet.greedyPath(c, n * perRow, steps, classes)) ? 1 : 0;
                all++;
            }
        }
        return all == 0 ? Double.NaN : (double) same / all;
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
