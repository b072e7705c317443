package io.quant4j.train;

import io.quant4j.data.Batch;
import io.quant4j.nn.Module;
import io.quant4j.tensor.Tensor;
import java.util.Map;

/**
 * What a {@link Trainer} minimizes, one closed set of variants:
 * <ul>
 *   <li>{@link CrossEntropyLoss}: the model's logits {@code N x K} against the batch's labels
 *       {@code N} (the default, with {@link TrainingParams#labelSmoothing()});</li>
 *   <li>{@link DistillationLoss}: the model's output against a frozen teacher's output on the same
 *       batch, by a {@link Divergence} (MSE, or KL of the softmaxes); labels are not read, so
 *       unlabelled data trains.</li>
 * </ul>
 * {@link #compute} runs inside the step's autograd recording and memory scope; the returned tensors
 * belong to that scope.
 */
public sealed interface TrainingLoss permits CrossEntropyLoss, DistillationLoss {
    /**
     * A step's loss.
     *
     * @param value the scalar to back-propagate
     * @param reference what the output was compared with when it is another model's output (the
     *     teacher's, detached), else null; step metrics count top-1 agreement with it
     */
    record Value(Tensor value, Tensor reference) {}

    /**
     * The loss of {@code output = student(input)} on {@code batch}.
     *
     * @param output the trained model's output on {@code input}
     * @param input the batch's images as fed to the model, {@code N x C x H x W}
     * @param batch the batch (labels, when the loss reads them)
     */
    Value compute(Tensor output, Tensor input, Batch batch);

    /** Whether the loss reads labels (the training data must have them). */
    boolean needsLabels();

    /**
     * Checks the loss against the model it will train and the run's parameters before the first
     * step.
     *
     * @throws TrainingParamsException when they do not fit together
     */
    void check(Module student, TrainingParams params);

    /**
     * The loss by recipe name (snake_case), stored with checkpoints: a run resumes only with the
     * same loss.
     */
    Map<String, Object> toMap();

    /** The default: cross-entropy with the parameters' label smoothing. */
    static TrainingLoss crossEntropy(TrainingParams params) {
        return new CrossEntropyLoss(params.labelSmoothing());
    }
}
