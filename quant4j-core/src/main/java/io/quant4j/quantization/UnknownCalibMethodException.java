package io.quant4j.quantization;

import java.util.Collection;

/** A calibration method name that quant4j does not know (e.g. {@code "kl"}). */
public class UnknownCalibMethodException extends QuantizationException {
    private static final long serialVersionUID = 1L;

    public UnknownCalibMethodException(String kind, String found, Collection<String> known) {
        super("unknown " + kind + " '" + found + "': expected one of " + String.join(", ", known), null,
                "pytorch-quantization's names are used: calib_method 'max' or 'histogram'; a histogram's"
                        + " amax method 'percentile', 'entropy' (the KL-divergence method) or 'mse'.", null);
    }
}
