package io.quant4j.nn;

import ai.djl.ndarray.types.DataType;
import io.quant4j.tensor.Tensor;

/**
 * Batch normalization over the channels of {@code N x C x H x W}:
 * {@code y = (x - mean) / sqrt(var + eps) * weight + bias}. Training uses batch statistics and
 * updates {@code running = (1 - momentum) * running + momentum * batch} (unbiased variance);
 * eval uses the running statistics. Buffers as PyTorch: {@code running_mean},
 * {@code running_var}, {@code num_batches_tracked} (int64).
 */
public class BatchNorm2d extends Module {
    private final int channels;
    private final float eps;
    private final float momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer runningMean;
    private final Buffer runningVar;
    private final Buffer numBatchesTracked;

    public BatchNorm2d(int channels) {
        this(channels, 1e-5f, 0.1f);
    }

    public BatchNorm2d(int channels, float eps, float momentum) {
        if (channels < 1 || !(eps > 0) || momentum < 0 || momentum > 1) {
            throw new IllegalArgumentException("expected channels >= 1, eps > 0, 0 <= momentum <= 1; found "
                    + channels + ", " + eps + ", " + momentum);
        }
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = parameter("weight", Tensor.ones(channels));
        this.bias = parameter("bias", Tensor.zeros(channels));
        this.runningMean = buffer("running_mean", Tensor.zeros(channels));
        this.runningVar = buffer("running_var", Tensor.ones(channels));
        this.numBatchesTracked = buffer("num_batches_tracked", Tensor.fromLongs(new long[] {0}).reshape());
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        boolean training = isTraining();
        if (training) {
            numBatchesTracked.value().ndArray().addi(1L);
        }
        return x.batchNorm(runningMean.value(), runningVar.value(), weight.value(), bias.value(), training, momentum, eps);
    }

    public int channels() {
        return channels;
    }

    public float eps() {
        return eps;
    }

    public float momentum() {
        return momentum;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public Buffer runningMean() {
        return runningMean;
    }

    public Buffer runningVar() {
        return runningVar;
    }

    /** Number of training batches seen (int64 buffer). */
    public long numBatchesTracked() {
        Tensor t = numBatchesTracked.value();
        return t.dataType() == DataType.INT64 ? t.ndArray().toLongArray()[0] : (long) t.item();
    }

    @Override
    public String extraRepr() {
        return channels + ", eps=" + eps + ", momentum=" + momentum;
    }
}
