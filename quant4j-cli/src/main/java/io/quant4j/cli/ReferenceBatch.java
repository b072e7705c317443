package io.quant4j.cli;

import io.quant4j.data.text.CtcAlphabet;
import io.quant4j.onnx.compare.MaskIoU;
import io.quant4j.onnx.compare.OutputAgreement;
import io.quant4j.onnx.compare.Top1Agreement;
import java.util.Arrays;
import java.util.BitSet;

/**
 * One batch of the float model's output, kept as only what an {@link AgreementMetric.Kind}
 * compares, so that a search over hundreds of inputs holds kilobytes instead of every output
 * value (PP-OCRv4 rec: 256 lines x 40 steps x 6,625 classes = 271 MB of floats, 10 KB of paths):
 * <pre>
 *   TOP1      Classes  arg-max class per input
 *   CTC       Paths    greedy CTC path per input
 *   MASK_IOU  Mask     one bit per pixel: p &gt; 0.3
 *   SQNR      Values   every value
 * </pre>
 */
sealed interface ReferenceBatch {

    /** Adds the comparison of a candidate's output of this batch ({@code values} of {@code shape}) to {@code tally}. */
    void compare(float[] values, long[] shape, Tally tally);

    /** The reference {@code kind} needs of the float model's output {@code values} of {@code shape} ({@code [N, ...]}). */
    static ReferenceBatch of(AgreementMetric.Kind kind, float[] values, long[] shape) {
        int rows = (int) shape[0];
        return switch (kind) {
            case SQNR -> new Values(values);
            case MASK_IOU -> new Mask(MaskIoU.on(values, AgreementMetric.MASK_THRESHOLD), values.length);
            case TOP1 -> {
                int[] c = new int[rows];
                int width = values.length / Math.max(1, rows);
                for (int n = 0; n < rows; n++) {
                    c[n] = Top1Agreement.argmax(values, n * width, width);
                }
                yield new Classes(c, width);
            }
            case CTC -> {
                int[][] p = new int[rows][];
                for (int n = 0; n < rows; n++) {
                    p[n] = path(values, shape, n);
                }
                yield new Paths(p);
            }
        };
    }

    /** The greedy CTC path of input {@code n} of a sequence {@code [N, T, classes]}. */
    private static int[] path(float[] values, long[] shape, int n) {
        int steps = (int) shape[1];
        int classes = (int) shape[2];
        return CtcAlphabet.greedyPath(values, n * steps * classes, steps, classes);
    }

    private static void checkLength(int expected, float[] values) {
        if (values.length != expected) {
            throw new IllegalStateException("expected an output of " + expected + " values as the float model's, found " + values.length);
        }
    }

    /** Every output value, for the SQNR. */
    record Values(float[] values) implements ReferenceBatch {
        @Override
        public void compare(float[] cand, long[] shape, Tally tally) {
            checkLength(values.length, cand);
            tally.sqnr = tally.sqnr.add(values, cand);
        }
    }

    /** The pixels above the threshold, of a map of {@code length} values. */
    record Mask(BitSet on, int length) implements ReferenceBatch {
        @Override
        public void compare(float[] cand, long[] shape, Tally tally) {
            checkLength(length, cand);
            tally.iou = tally.iou.add(on, cand);
        }
    }

    /** The arg-max class of each input (-1 where a score is NaN: never agrees), of {@code width} scores each. */
    record Classes(int[] argmax, int width) implements ReferenceBatch {
        @Override
        public void compare(float[] cand, long[] shape, Tally tally) {
            checkLength(width * argmax.length, cand);
            tally.top1 = tally.top1.add(argmax, cand, width);
        }
    }

    /** The greedy CTC path of each input. */
    record Paths(int[][] paths) implements ReferenceBatch {
        @Override
        public void compare(float[] cand, long[] shape, Tally tally) {
            if (shape.length != 3 || shape[0] != paths.length) {
                throw new IllegalStateException("expected a sequence of " + paths.length + " inputs as the float model's, found "
                        + Arrays.toString(shape));
            }
            for (int n = 0; n < paths.length; n++) {
                tally.same += Arrays.equals(paths[n], path(cand, shape, n)) ? 1 : 0;
                tally.inputs++;
            }
        }
    }

    /** The running comparison of one measurement. */
    final class Tally {
        private OutputAgreement sqnr = OutputAgreement.empty();
        private MaskIoU iou = MaskIoU.empty(AgreementMetric.MASK_THRESHOLD);
        private Top1Agreement top1 = Top1Agreement.empty();
        private long same;
        private long inputs;

        /** The figure of {@code kind} over everything compared. */
        double figure(AgreementMetric.Kind kind) {
            return switch (kind) {
                case SQNR -> {
                    double db = sqnr.sqnrDb();
                    yield Double.isInfinite(db) ? 200 : db;
                }
                case MASK_IOU -> iou.iou();
                case TOP1 -> top1.fraction();
                case CTC -> inputs == 0 ? Double.NaN : (double) same / inputs;
            };
        }
    }
}
