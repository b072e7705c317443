package io.quant4j.cli;

import io.quant4j.data.DataLoader;
import io.quant4j.data.DataSource;
import io.quant4j.data.InputSpec;
import io.quant4j.data.Split;
import io.quant4j.nn.Module;
import io.quant4j.quantization.analysis.AccuracyMetric;
import io.quant4j.quantization.analysis.ModelMetric;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code ptq --accuracy-budget PT} with the data its search measures on, for a zoo model and an
 * imported ONNX model alike. The metric is top-1 accuracy when the search data has labels, else
 * the agreement with the float model that suits its output ({@link AgreementMetric#forOutput}: top-1
 * for class scores, mask IoU for probability maps, CTC strings for sequences), with a note on
 * standard output saying so.
 *
 * @param points the budget in points of the metric as a percentage (0.5 allows 0.5 points)
 * @param data the search data
 * @param split its split
 * @param limit its first N inputs (0 = all)
 */
record AccuracyBudget(double points, DataSource data, Split split, int limit) {
    AccuracyBudget {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(split, "split");
    }

    /**
     * The search's metric against {@code fp32} on the first {@link #limit()} inputs of the data.
     *
     * @param classes the classes of labelled data (0: not checked)
     */
    ModelMetric metric(Module fp32, InputSpec input, int classes, int batchSize, boolean skipBadImages, PrintStream out) {
        DataLoader loader = CliData.slice(data, split, input, classes, batchSize, limit, skipBadImages);
        String describe = String.format(Locale.ROOT, "%,d images of %s%s", loader.numExamples(), data.describe(),
                split == Split.TRAIN ? " (training split)" : "");
        if (loader.dataset().labelled()) {
            return new AccuracyMetric(loader, describe);
        }
        AgreementMetric m = AgreementMetric.forOutput(fp32, loader, describe);
        out.println("note: the search data " + data.describe() + " has no labels: the budget applies to " + m.kind().label()
                + " (100 % = " + m.kind().perfect() + ") instead of accuracy");
        return m;
    }
}
