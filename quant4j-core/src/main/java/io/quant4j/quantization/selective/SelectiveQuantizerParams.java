package io.quant4j.quantization.selective;

import io.quant4j.quantization.CalibMethod;
import io.quant4j.quantization.QuantGrid;

/**
 * Defaults of a {@link SelectiveQuantizer} (SuperGradients' {@code selective_quantizer_params}).
 *
 * @param calibratorW calibrator of weight quantizers (SG default {@code max})
 * @param calibratorI calibrator of input quantizers (SG default {@code histogram})
 * @param perChannel per-channel weights (axis 0; SG default true)
 * @param learnAmax learn the clip ranges in QAT (per-tensor quantizers only; SG default false)
 * @param verbose print what was quantized
 * @param weightBits bits of weight quantizers (8; 4 for W4A8)
 * @param inputBits bits of input quantizers (8)
 */
public record SelectiveQuantizerParams(CalibMethod calibratorW, CalibMethod calibratorI, boolean perChannel,
                                       boolean learnAmax, boolean verbose, int weightBits, int inputBits) {
    public SelectiveQuantizerParams {
        if (calibratorW == null || calibratorI == null) {
            throw new IllegalArgumentException("expected calibrator_w and calibrator_i (max or histogram), found null");
        }
        String w = QuantGrid.bitsProblem(weightBits, false);
        String i = QuantGrid.bitsProblem(inputBits, false);
        if (w != null || i != null) {
            throw new IllegalArgumentException(w != null ? "weight_bits: " + w : "input_bits: " + i);
        }
    }

    /** SuperGradients' defaults: weights max per channel, inputs histogram, no learned amax, verbose, 8 bit. */
    public static SelectiveQuantizerParams defaults() {
        return new SelectiveQuantizerParams(CalibMethod.MAX, CalibMethod.HISTOGRAM, true, false, true, 8, 8);
    }

    public SelectiveQuantizerParams withCalibratorI(CalibMethod m) {
        return new SelectiveQuantizerParams(calibratorW, m, perChannel, learnAmax, verbose, weightBits, inputBits);
    }

    public SelectiveQuantizerParams withCalibratorW(CalibMethod m) {
        return new SelectiveQuantizerParams(m, calibratorI, perChannel, learnAmax, verbose, weightBits, inputBits);
    }

    public SelectiveQuantizerParams withPerChannel(boolean on) {
        return new SelectiveQuantizerParams(calibratorW, calibratorI, on, learnAmax, verbose, weightBits, inputBits);
    }

    public SelectiveQuantizerParams withLearnAmax(boolean on) {
        return new SelectiveQuantizerParams(calibratorW, calibratorI, perChannel, on, verbose, weightBits, inputBits);
    }

    public SelectiveQuantizerParams withVerbose(boolean on) {
        return new SelectiveQuantizerParams(calibratorW, calibratorI, perChannel, learnAmax, on, weightBits, inputBits);
    }

    public SelectiveQuantizerParams withBits(int weights, int inputs) {
        return new SelectiveQuantizerParams(calibratorW, calibratorI, perChannel, learnAmax, verbose, weights, inputs);
    }
}
