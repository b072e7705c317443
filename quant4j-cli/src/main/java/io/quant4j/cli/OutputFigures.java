package io.quant4j.cli;

import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.data.DataLoader;
import io.quant4j.nn.EvalMode;
import io.quant4j.nn.Module;
import io.quant4j.onnx.compare.OutputAgreement;
import io.quant4j.onnx.compare.Top1Agreement;
import io.quant4j.tensor.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the report's accuracy table: a model state's top-1 accuracy (labelled data only) and
 * its outputs' agreement with the float model's on the same inputs (SQNR, cosine, top-1
 * agreement), measured in one pass.
 *
 * @param accuracy top-1 accuracy in [0, 1], NaN without labels
 * @param agreement the outputs against the float model's
 * @param top1Agreement share of inputs whose arg-max is the float model's, for {@code [N, classes]}
 *     outputs; NaN for other shapes (a detection map has no top-1 class)
 */
record OutputFigures(double accuracy, OutputAgreement agreement, double top1Agreement) {
    /** The float model's outputs per batch, the reference of {@link #measure}. */
    static List<float[]> reference(Module model, DataLoader data) {
        List<float[]> out = new ArrayList<>();
        EvalMode.run(model, () -> {
            try (BatchStream s = data.epoch(0)) {
                for (Batch b : s) {
                    try (Scope step = Scope.open()) {
                        out.add(model.forward(b.images()).toFloatArray());
                    }
                }
            }
            return null;
        });
        return out;
    }

    /** Measures {@code model} as it is switched now against {@code reference}. */
    static OutputFigures measure(Module model, DataLoader data, List<float[]> reference) {
        long[] counts = new long[3]; // correct, same top-1, inputs
        OutputAgreement[] a = {OutputAgreement.empty()};
        boolean labelled = data.dataset().labelled();
        boolean[] classes = {true};
        EvalMode.run(model, () -> {
            try (BatchStream s = data.epoch(0)) {
                int i = 0;
                for (Batch b : s) {
                    try (Scope step = Scope.open()) {
                        io.quant4j.tensor.Tensor out = model.forward(b.images());
                        classes[0] &= AgreementMetric.hasTop1(out.shape());
                        float[] y = out.toFloatArray();
                        float[] r = reference.get(i++);
                        a[0] = a[0].add(r, y);
                        int n = b.size();
                        int width = y.length / n;
                        long[] labels = labelled ? b.labelData() : null;
                        for (int k = 0; k < n; k++) {
                            int got = Top1Agreement.argmax(y, k * width, width);
                            counts[1] += got >= 0 && got == Top1Agreement.argmax(r, k * width, width) ? 1 : 0;
                            if (labels != null) {
                                counts[0] += got == labels[k] ? 1 : 0;
                            }
                            counts[2]++;
                        }
                    }
                }
            }
            return null;
        });
        double inputs = Math.max(1, counts[2]);
        return new OutputFigures(labelled ? counts[0] / inputs : Double.NaN, a[0], classes[0] ? counts[1] / inputs : Double.NaN);
    }
}
