package io.quant4j.train;

import io.quant4j.data.Batch;
import io.quant4j.tensor.Tensor;

/**
 * One finished training step, given to {@link TrainingCallback#onBatchEnd}. The tensors belong to
 * the step's scope: valid only during the call (reading them costs a host transfer).
 *
 * @param epoch epoch (0-based)
 * @param batch batch within the epoch (0-based)
 * @param globalStep optimizer steps taken before this one (0-based index of this step)
 * @param lr learning rate used
 * @param batchData the batch (plain arrays)
 * @param loss the scalar training loss (with label smoothing)
 * @param logits the {@code N x K} logits
 */
public record StepInfo(int epoch, int batch, long globalStep, double lr, Batch batchData, Tensor loss, Tensor logits) {}
