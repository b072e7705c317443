package io.quant4j.quantization.layers;

import io.quant4j.nn.BatchNorm2d;
import io.quant4j.quantization.QuantizationException;

/**
 * Folding an eval-mode BatchNorm into the convolution before it, per output channel {@code k}
 * (the formula of the ONNX exporter's folding, float32 with a double square root):
 * <pre>
 *   g_k = (float) (gamma_k / sqrt((double) (var_k + eps)))
 *   W'_k = W_k * g_k,     b'_k = g_k * (b_k - mean_k) + beta_k
 * </pre>
 */
record BnFold(float[] factor, float[] mean, float[] beta) {
    static BnFold of(BatchNorm2d bn, int channels, String where) {
        if (bn.channels() != channels) {
            throw new QuantizationException(where + ": expected a BatchNorm of " + channels + " channels to fold, found "
                    + bn.channels(), null, "Fold only the BatchNorm that normalizes this convolution's output.", null);
        }
        float[] gamma = bn.weight().value().toFloatArray();
        float[] var = bn.runningVar().value().toFloatArray();
        float[] f = new float[channels];
        for (int c = 0; c < channels; c++) {
            f[c] = (float) (gamma[c] / Math.sqrt((double) (var[c] + bn.eps())));
        }
        return new BnFold(f, bn.runningMean().value().toFloatArray(), bn.bias().value().toFloatArray());
    }

    /** {@code W'} for a weight whose first dimension is the output channel. */
    float[] weight(float[] w) {
        int per = w.length / factor.length;
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] * factor[i / per];
        }
        return out;
    }

    /** {@code b'} (pass zeros for a convolution without bias). */
    float[] bias(float[] b) {
        float[] out = new float[factor.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = factor[c] * (b[c] - mean[c]) + beta[c];
        }
        return out;
    }
}
