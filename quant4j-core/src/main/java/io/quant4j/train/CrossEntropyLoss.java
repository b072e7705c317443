package io.quant4j.train;

import io.quant4j.data.Batch;
import io.quant4j.nn.Module;
import io.quant4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cross-entropy of logits {@code z} ({@code N x K}) against labels {@code y} ({@code N}), with label
 * smoothing {@code s} (PyTorch's formula):
 * {@code L = (1 - s) * mean_i(-log p_i[y_i]) + s * mean_i mean_k(-log p_i[k])}, {@code p = softmax(z)}.
 *
 * @param labelSmoothing {@code s} in {@code [0, 1)}; must equal {@link TrainingParams#labelSmoothing()}
 */
public record CrossEntropyLoss(double labelSmoothing) implements TrainingLoss {
    public CrossEntropyLoss {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new TrainingParamsException("label_smoothing", "expected label smoothing in [0, 1), found " + labelSmoothing,
                    "Fix training_params.label_smoothing.");
        }
    }

    @Override
    public Value compute(Tensor output, Tensor input, Batch batch) {
        if (!batch.labelled()) {
            throw new TrainingParamsException("loss", "cross-entropy needs labels: expected a labelled batch, found batch "
                    + batch.index() + " of epoch " + (batch.epoch() + 1) + " without labels",
                    "Train on labelled data (an image folder with one subfolder per class), or distill from a teacher instead.");
        }
        return new Value(output.crossEntropy(batch.labels(), (float) labelSmoothing), null);
    }

    @Override
    public boolean needsLabels() {
        return true;
    }

    @Override
    public void check(Module student, TrainingParams params) {
        if (labelSmoothing != params.labelSmoothing()) {
            throw new TrainingParamsException("label_smoothing", "the loss's label smoothing " + labelSmoothing
                    + " differs from training_params.label_smoothing " + params.labelSmoothing(),
                    "Build the loss with TrainingLoss.crossEntropy(params).");
        }
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "cross_entropy");
        m.put("label_smoothing", labelSmoothing);
        return m;
    }
}
