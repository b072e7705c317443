package io.quant4j.quantization.selective;

import io.quant4j.quantization.CalibMethod;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.QuantGrid;
import java.util.List;

/**
 * How a model is quantized by default, with SuperGradients' keys ({@code selective_quantizer_params}
 * in recipes, which bind to this record directly), and the quantizer descriptors every placement
 * derives from it.
 *
 * @param calibratorW calibrator of weight quantizers (SG default {@code max})
 * @param calibratorI calibrator of input quantizers (SG default {@code histogram})
 * @param perChannel per-channel weights (axis 0; SG default true)
 * @param learnAmax learn the clip ranges in QAT (per-tensor quantizers only; SG default false)
 * @param skipModules dotted module paths left float (SG's {@code skip_modules})
 * @param verbose show what was quantized (the caller prints the report; core never prints)
 * @param weightBits bits of weight quantizers (8; 4 for W4A8)
 * @param inputBits bits of input quantizers (8)
 */
public record SelectiveQuantizerParams(CalibMethod calibratorW, CalibMethod calibratorI, boolean perChannel,
                                       boolean learnAmax, List<String> skipModules, boolean verbose, int weightBits,
                                       int inputBits) {
    public SelectiveQuantizerParams {
        if (calibratorW == null || calibratorI == null) {
            throw new IllegalArgumentException("expected calibrator_w and calibrator_i (max or histogram), found null");
        }
        skipModules = skipModules == null ? List.of() : List.copyOf(skipModules);
        String w = QuantGrid.bitsProblem(weightBits, false);
        String i = QuantGrid.bitsProblem(inputBits, false);
        if (w != null || i != null) {
            throw new IllegalArgumentException(w != null ? "weight_bits: " + w : "input_bits: " + i);
        }
    }

    /** SuperGradients' defaults: weights max per channel, inputs histogram, no learned amax, no skips, verbose, 8 bit. */
    public static SelectiveQuantizerParams defaults() {
        return new SelectiveQuantizerParams(CalibMethod.MAX, CalibMethod.HISTOGRAM, true, false, List.of(), true, 8, 8);
    }

    /** Inputs: per tensor, {@code input_bits}, {@code calibrator_i}, learned amax when asked. */
    public QuantDescriptor inputDescriptor() {
        return QuantDescriptor.INT8_PER_TENSOR.withCalibMethod(calibratorI).withNumBits(inputBits).withLearnAmax(learnAmax);
    }

    /** An activation that may be non-negative by construction: the input descriptor, unsigned when it is. */
    public QuantDescriptor activationDescriptor(boolean unsigned) {
        return inputDescriptor().withUnsigned(unsigned);
    }

    /**
     * Why weights keep a fixed amax although {@code learn_amax} is on, or null: the one statement of
     * that rule, shown as a placement warning (docs/numerics.md, "Learned amax", says the same).
     */
    public String learnAmaxWeightsNote() {
        if (!learnAmax || !perChannel) {
            return null;
        }
        return "learn_amax applies to per-tensor quantizers: every input and activation quantizer learns its range, but"
                + " the weights are per channel (per_channel: true), so their amax stays fixed at the calibrated value."
                + " This is the reference behaviour: SuperGradients logs \"Learnable amax is suported only for per-tensor"
                + " quantization. Disabling it for weights quantization!\" and builds the weight descriptors without it;"
                + " pytorch-quantization's QuantDescriptor refuses axis together with learn_amax (TypeError), and its"
                + " TensorQuantizer.init_learn_amax, given a per-channel amax, learns one range initialised with the"
                + " largest channel's amax. Set per_channel: false to learn the weights' range too (one per tensor).";
    }

    /**
     * Weights: {@code weight_bits}, {@code calibrator_w}, per output channel (axis 0) unless
     * {@code per_channel} is off; learned amax only per tensor ({@link #learnAmaxWeightsNote()}).
     */
    public QuantDescriptor weightDescriptor() {
        QuantDescriptor d = QuantDescriptor.INT8_PER_TENSOR.withCalibMethod(calibratorW).withNumBits(weightBits);
        return perChannel ? d.withAxis(0) : d.withLearnAmax(learnAmax);
    }

    public SelectiveQuantizerParams withCalibratorI(CalibMethod m) {
        return new SelectiveQuantizerParams(calibratorW, m, perChannel, learnAmax, skipModules, verbose, weightBits, inputBits);
    }

    public SelectiveQuantizerParams withCalibratorW(CalibMethod m) {
        return new SelectiveQuantizerParams(m, calibratorI, perChannel, learnAmax, skipModules, verbose, weightBits, inputBits);
    }

    public SelectiveQuantizerParams withPerChannel(boolean on) {
        return new SelectiveQuantizerParams(calibratorW, calibratorI, on, learnAmax, skipModules, verbose, weightBits, inputBits);
    }

    public SelectiveQuantizerParams withLearnAmax(boolean on) {
        return new SelectiveQuantizerParams(calibratorW, calibratorI, perChannel, on, skipModules, verbose, weightBits, inputBits);
    }

    public SelectiveQuantizerParams withSkipModules(List<String> names) {
        return new SelectiveQuantizerParams(calibratorW, calibratorI, perChannel, learnAmax, names, verbose, weightBits, inputBits);
    }

    public SelectiveQuantizerParams withVerbose(boolean on) {
        return new SelectiveQuantizerParams(calibratorW, calibratorI, perChannel, learnAmax, skipModules, on, weightBits, inputBits);
    }

    public SelectiveQuantizerParams withBits(int weights, int inputs) {
        return new SelectiveQuantizerParams(calibratorW, calibratorI, perChannel, learnAmax, skipModules, verbose, weights, inputs);
    }
}
