package io.quant4j.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/** Direct calls into DJL's PyTorch bindings where the engine-neutral API differs from PyTorch. */
final class JniOps {
    private JniOps() {}

    static NDArray conv2d(NDArray x, NDArray w, NDArray b, ConvSpec spec) {
        return JniUtils.convolution(
                (PtNDArray) x,
                (PtNDArray) w,
                (PtNDArray) b,
                new Shape(spec.stride().toLongs()),
                new Shape(spec.padding().toLongs()),
                new Shape(spec.dilation().toLongs()),
                spec.groups());
    }

    /** PyTorch's batch_norm with PyTorch's momentum convention (weight of the new statistic). */
    static NDArray batchNorm(NDArray x, NDArray mean, NDArray var, NDArray gamma, NDArray beta,
                             boolean training, float momentum, float eps) {
        // JniUtils names its parameters (gamma, beta, runningMean, runningVar) but passes them to
        // torch::batch_norm as (running_mean, running_var, weight, bias): pass in that order.
        return JniUtils.batchNorm(
                (PtNDArray) x, (PtNDArray) mean, (PtNDArray) var, (PtNDArray) gamma, (PtNDArray) beta,
                training, momentum, eps);
    }

    static NDArray adaptiveAvgPool(NDArray x, int h, int w) {
        return JniUtils.adaptiveAvgPool((PtNDArray) x, new Shape(h, w));
    }

    static void zeroGrad(NDArray param) {
        JniUtils.zeroGrad((PtNDArray) param);
    }

    static boolean gradMode() {
        return JniUtils.isGradMode();
    }

    static void gradMode(boolean on) {
        JniUtils.setGradMode(on);
    }
}
